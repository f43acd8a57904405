import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { estimateFiles } from '../core/cost/estimate';
import type { Estimate } from '../core/cost/estimate';
import { UsageError } from '../core/errors';
import { formatMoney, formatUnitPrice } from '../core/format';
import { noUsage, parseUsageFile, UsageFileError } from '../core/cost/usage-file';
import type { Usage } from '../core/cost/usage-file';
import { listIacFiles, scanFiles } from '../core/iac/scan-files';
import { PriceIndex } from '../core/prices/read/price-index';
import { isRegionCode } from '../core/regions';
import type { CliCommand } from './cli-command';
import { exitOk } from './commands';
import type { CliIo } from './commands';
import { table } from './format';
import { hoursPerMonthOption, jsonOption, regionOption, storeOption, valueOption } from './options';
import { remedyCommands } from './present-error';
import { defaultScanRegion, displayPath } from './scan-command';
import { defaultStoreDir } from '../core/mirror/layout';

export interface EstimateOptions {
  store?: string;
  region?: string;
  hoursPerMonth: number;
  usage?: string;
  json?: boolean;
}

export const estimateCli: CliCommand = {
  name: 'estimate',
  summary: "each resource's billable components, priced in the variant the file states",
  description:
    "Each resource's billable components (instance hours, storage, IOPS, gateway and load-balancer hours, ...), priced from the local price index in the variant the file states (Terraform, CloudFormation, CDK, Pulumi); --usage prices usage-based parts.",
  operands: { usage: '<path...>', help: [['path', 'IaC files or folders']] },
  options: () => [
    storeOption(`the price index folder; default ./${defaultStoreDir}`),
    regionOption(`region for files that do not set one; default ${defaultScanRegion}`),
    hoursPerMonthOption(),
    valueOption('--usage <file>', 'a usage file (Infracost format) that prices usage-based components'),
    jsonOption(),
  ],
  examples: ['price-atlas estimate infra/', 'price-atlas estimate infra/ --usage infracost-usage.yml', 'price-atlas estimate main.tf db.yaml --json'],
  run: (operands, options, io) => estimateCommand(operands, options as EstimateOptions, io),
};

/** `price-atlas estimate PATH... --store DIR`: each resource's components, priced in the variant its file states. */
export async function estimateCommand(operands: string[], options: EstimateOptions, io: CliIo): Promise<number> {
  if (operands.length === 0)
    throw new UsageError('estimate takes one or more files or folders', 'for example: price-atlas estimate infra/ --store .aws-pricing/.index');
  const region = options.region;
  if (region !== undefined && !isRegionCode(region))
    throw new UsageError(`--region ${JSON.stringify(region)} is not a region code`, 'for example: --region eu-west-1');
  const storeArg = options.store ?? defaultStoreDir;
  const store = path.resolve(io.cwd, storeArg);
  if (!(await fs.stat(store).catch(() => undefined))?.isDirectory()) {
    throw new UsageError(
      `--store ${storeArg} is not a folder`,
      'build one first: price-atlas download --services AmazonEC2 AmazonRDS AmazonElastiCache --regions us-east-1, then price-atlas index',
    );
  }
  const hoursPerMonth = options.hoursPerMonth;
  const usage = await readUsage(io, options.usage);
  const listed = await listIacFiles(operands.map((p) => path.resolve(io.cwd, p)));
  const scanned = await scanFiles(listed.files);
  for (const p of [...listed.problems, ...scanned.problems]) io.stderr.write(`price-atlas estimate: cannot read ${displayPath(io, p.path)}: ${p.message}\n`);
  const estimate = await estimateFiles(
    scanned.files,
    new PriceIndex(store),
    {
      hoursPerMonth,
      defaultRegion: region
        ? { code: region, reason: `--region ${region}` }
        : { code: defaultScanRegion, reason: 'the file does not say; default us-east-1 (--region to choose)' },
      usage,
    },
    (f) => displayPath(io, f),
  );
  const unused = usage.unused(estimate.resources.map((r) => r.name));
  if (unused.length) io.stderr.write(`price-atlas estimate: the usage file names resources not found: ${unused.join(', ')} (check the addresses)\n`);
  if (options.json) io.stdout.write(JSON.stringify(jsonOf(estimate), null, 2) + '\n');
  else printEstimate(estimate, io, storeArg);
  return exitOk;
}

async function readUsage(io: CliIo, file: string | undefined): Promise<Usage> {
  if (file === undefined) return noUsage;
  const text = await fs.readFile(path.resolve(io.cwd, file), 'utf8').catch((e: NodeJS.ErrnoException) => {
    throw new UsageError(`--usage ${file}: cannot read it (${e.code ?? e.message})`, 'give the path of a usage file, e.g. --usage infracost-usage.yml');
  });
  try {
    return parseUsageFile(text, file);
  } catch (e) {
    if (e instanceof UsageFileError) throw new UsageError(e.message, e.hint);
    throw e;
  }
}

/** The documented `--json` shape (README "estimate"): internal fields such as reasons' wording stay out of the contract only where noted. */
function jsonOf(e: Estimate): unknown {
  return {
    currency: e.currency,
    hoursPerMonth: e.hoursPerMonth,
    resources: e.resources.map((r) => ({
      file: r.file,
      line: r.line,
      name: r.name,
      type: r.type,
      kind: r.kind,
      region: r.region,
      count: r.count,
      components: r.components.map((c) => ({
        name: c.name,
        ...(c.size ? { size: c.size } : {}),
        variant: c.variant,
        reasons: c.reasons,
        unit: c.unit,
        quantity: c.quantity,
        unitPrice: c.unitPrice,
        monthly: c.monthly,
      })),
      monthly: r.monthly,
      unpriced: r.unpriced,
    })),
    total: e.total,
  };
}

function printEstimate(e: Estimate, io: CliIo, storeArg: string): void {
  const byFile = new Map<string, Estimate['resources']>();
  for (const r of e.resources) {
    const list = byFile.get(r.file);
    if (list) list.push(r);
    else byFile.set(r.file, [r]);
  }
  for (const [file, resources] of byFile) {
    io.stdout.write(`${file}\n`);
    const rows = [['resource', 'component', 'variant', 'quantity', 'monthly']];
    for (const r of resources) {
      const head = `${r.name}${r.count > 1 ? ` (x${r.count})` : ''} · ${r.region}`;
      if (r.components.length === 0 && r.unpriced.length === 0) rows.push([head, '', '', '', '']);
      r.components.forEach((c, i) =>
        rows.push([
          i === 0 ? head : '',
          `${c.name} ${c.size ?? ''}`.trim(),
          Object.values(c.variant)
            .filter((v) => v && v !== 'NA')
            .join(' / '),
          `${c.quantity} ${c.unit}`,
          formatMoney(c.monthly, e.currency, 2),
        ]),
      );
      r.unpriced.forEach((u, i) =>
        rows.push([
          i === 0 && r.components.length === 0 ? head : '',
          u.name,
          u.usageBased && u.unitPrice !== undefined ? `usage-based: ${formatUnitPrice(u.unitPrice, e.currency)} per ${u.unit}` : `not priced: ${u.reason}`,
          '',
          '-',
        ]),
      );
    }
    io.stdout.write(table(rows) + '\n\n');
  }
  io.stdout.write(
    `Total: ${formatMoney(e.total.monthly, e.currency, 2)}/month (${e.hoursPerMonth} h) for ${e.total.resources} resource${e.total.resources === 1 ? '' : 's'}`,
  );
  const missing = e.resources.flatMap((r) => r.unpriced.filter((u) => u.offerCode).map((u) => ({ service: u.offerCode!, region: r.region })));
  if (missing.length) {
    const remedy = {
      kind: 'download' as const,
      services: [...new Set(missing.map((m) => m.service))].sort(),
      regions: [...new Set(missing.map((m) => m.region))].sort(),
      missing: 'offer' as const,
    };
    io.stdout.write(`Prices missing from the store: ${remedyCommands(remedy, storeArg)}\n`);
  }
  const usageBased = e.resources.reduce((n, r) => n + r.unpriced.filter((u) => u.usageBased).length, 0);
  io.stdout.write(
    e.total.unpricedComponents
      ? `; ${e.total.unpricedComponents} component${e.total.unpricedComponents === 1 ? '' : 's'} not priced (listed above${usageBased ? `; ${usageBased} usage-based: --usage FILE prices them` : ''})\n`
      : '\n',
  );
}
