// Command-line front end for the fakes, so manual runs, benchmarks and the VS Code host tests can
// use the same server and fixtures as the unit tests:
//   node out/test/fakes/serve.js --root DIR [--port N] [--host H] [--gzip]
//   node out/test/fakes/serve.js --generate DIR [--regions a,b] [--region-bytes N] [--version V]
// The server prints one JSON line ({"url": ...}) once listening, so a parent process can wait for it.

import { startBulkPricingServer } from './bulk-pricing-server';
import { writeFixtureTree } from './fixture-tree';

export interface ServeArgs {
  root?: string;
  generate?: string;
  port?: number;
  host?: string;
  gzip: boolean;
  regions?: string[];
  regionBytes?: number;
  version?: string;
}

const USAGE =
  'usage: serve --root DIR [--port N] [--host H] [--gzip]\n' + '       serve --generate DIR [--regions a,b] [--region-bytes N] [--version yyyyMMddHHmmss]\n';

export function parseServeArgs(argv: readonly string[]): ServeArgs {
  const args: ServeArgs = { gzip: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    const int = (): number => {
      const v = value();
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0) throw new Error(`${a}: not a non-negative integer: ${v}`);
      return n;
    };
    switch (a) {
      case '--root':
        args.root = value();
        break;
      case '--generate':
        args.generate = value();
        break;
      case '--port':
        args.port = int();
        break;
      case '--host':
        args.host = value();
        break;
      case '--gzip':
        args.gzip = true;
        break;
      case '--regions':
        args.regions = value()
          .split(',')
          .map((r) => r.trim())
          .filter((r) => r !== '');
        break;
      case '--region-bytes':
        args.regionBytes = int();
        break;
      case '--version':
        args.version = value();
        break;
      default:
        throw new Error(`unknown argument: ${a}`);
    }
  }
  if ((args.root === undefined) === (args.generate === undefined)) throw new Error('give exactly one of --root or --generate');
  return args;
}

export async function main(argv: readonly string[]): Promise<number> {
  let args: ServeArgs;
  try {
    args = parseServeArgs(argv);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }

  if (args.generate !== undefined) {
    const tree = await writeFixtureTree({ root: args.generate, regions: args.regions, regionBytes: args.regionBytes, version: args.version });
    process.stdout.write(JSON.stringify(tree) + '\n');
    return 0;
  }

  const server = await startBulkPricingServer({ root: args.root as string, gzip: args.gzip, host: args.host, port: args.port });
  process.stdout.write(JSON.stringify({ url: server.url }) + '\n');
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      resolve();
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
  await server.close();
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
