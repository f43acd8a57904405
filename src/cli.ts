import { downloadCommand, exitCancelled, exitFailed, exitUsage, regionsCommand, servicesCommand, verifyCommand, versionsCommand } from './cli/commands';
import type { CliIo } from './cli/commands';
import { scanCommand } from './cli/scan-command';
import { estimateCommand } from './cli/estimate-command';
import { budgetsCommand, costsCommand, spotCommand } from './cli/aws-commands';
import { compareCommand, indexCommand, priceCommand } from './cli/price-commands';
import { defaultEndpoint, endpointEnvVar } from './core/download/endpoint';
import { PriceAtlasError, UsageError, errorMessage } from './core/errors';
import { scrubString } from './core/logger';
import { toolVersion } from './core/version';
import { terminalSafeStream } from './cli/terminal-safe';

const help = `price-atlas ${toolVersion}: AWS bulk price lists, mirrored and verified

Usage:
  price-atlas services [--json]                 list the services (offer codes)
  price-atlas regions <service> [--savings-plans] [--json]
                                                list a service's regions
  price-atlas versions <service> [--json]       list a service's published versions
  price-atlas download [options]                mirror price-list files to a folder
  price-atlas verify [DIR] [--json]             check a mirror's files against their sidecars
  price-atlas scan <path>... [--json]           find instance sizes in IaC files (Terraform, CloudFormation,
                                                CDK, Pulumi, Kubernetes, Ansible, Packer, ...)
  price-atlas estimate <path>... [--store DIR] [--region R] [--hours-per-month H] [--usage FILE] [--json]
                                                each resource's billable components, priced in the
                                                variant the file states (Terraform, CloudFormation,
                                                CDK, Pulumi); --usage prices usage-based parts
  price-atlas index [FILE|DIR]... [--store DIR] build the price index from offer files or a mirror
  price-atlas price <size> [--region R] [--json]
                                                one size's prices: On-Demand, Reserved, Savings Plans
  price-atlas compare <size>... [--region R] [--json]
                                                sizes side by side: hourly, monthly, per vCPU, per GiB
  price-atlas budgets [--json]                  your AWS budgets: limit, actual, forecast, percent used
  price-atlas costs [--refresh] [--json]        this month's cost by service and the forecast (Cost Explorer)
  price-atlas spot <size> [--region R] [--json] spot price per availability zone, 7-day min/max

download options:
  --services S...         offer codes (AmazonEC2 AmazonRDS or AmazonEC2,AmazonRDS); default: all
  --regions R...          region files only (us-east-1 eu-west-1); default: whole offer files
  --format json|csv       default json
  --output-dir DIR        the mirror folder; default ./.aws-pricing
  --metrics-dir DIR       default <output-dir>/.metrics; --no-metrics to skip
  --max-concurrent N      parallel downloads, default 8
  --no-savings-plans      with --regions, skip the Savings Plans files
  --verify full|size      how files already on disk are checked: full SHA-256 (default) or size
  --total-timeout SEC     budget for one file, retries included; default 3600
  --max-file-size GB      refuse an offer file larger than this; default 32 (index files: 16 MB)
  --no-progress           no progress line (it shows only on a terminal anyway)

index / price / compare options:
  --store DIR             the index folder; default ./.aws-pricing/.index, or $PRICE_ATLAS_STORE
  --workers N             index: files indexed in parallel (worker threads), default up to 4
  --region R              default $AWS_REGION, $AWS_DEFAULT_REGION, the profile's region, else us-east-1
  --profile NAME          whose region is the default (as for budgets); default $AWS_PROFILE, else default
  --os NAME               EC2 operating system, default Linux (Windows, RHEL, SUSE, Ubuntu Pro, ...)
  --tenancy T             Shared (default), Dedicated
  --license L             default "No License required" ("Bring your own license")
  --software S            pre-installed software, default NA (SQL Std, SQL Web, SQL Ent)
  --engine E              RDS engine (default MySQL) or ElastiCache engine (default Redis)
  --edition E, --deployment D   RDS edition; Single-AZ (default) or Multi-AZ
  --hours-per-month H     default 730
  --api                   price: when the store has no answer, ask the AWS Pricing API (EC2; needs
                          credentials; --profile, --aws-endpoint as for budgets)

budgets / costs / spot options (your AWS account; credentials as for the AWS CLI):
  --profile NAME          a profile from ~/.aws/config or credentials; default $AWS_PROFILE, then the default chain
  --region R              default $AWS_REGION, $AWS_DEFAULT_REGION, the profile's region, else us-east-1
  --aws-endpoint URL      one other server for every AWS API (an emulator), or $PRICE_ATLAS_AWS_ENDPOINT;
                          https, or http only to this machine (localhost, 127.0.0.1, [::1])
  --max-attempts N        attempts per request (throttling, 5xx, network, timeouts), default 5
                          each attempt may take $PRICE_ATLAS_AWS_TIMEOUT_MS ms, default 60000 (10000 to connect)
  --refresh               costs: ask Cost Explorer now (billed per request) instead of the cache
  --cache-dir DIR         costs: cache folder, default $XDG_CACHE_HOME/price-atlas or ~/.cache/price-atlas
  --cache-ttl HOURS       costs: how long results are reused, default 12
  --product P, --days N   spot: product description (default Linux/UNIX), window in days (default 7)

scan options:
  --store DIR             price each size from a local price store and print monthly totals per file
  --region R              region for files that do not set one (with --store); default us-east-1

estimate options:
  --store DIR             the price store, default ./.aws-pricing/.index
  --region R              region for files that do not set one; default us-east-1
  --hours-per-month H     default 730

common options:
  --endpoint URL          default ${defaultEndpoint}, or $${endpointEnvVar}; any mirror works
  --retries N             default 5; --retry-min-wait SEC (1), --retry-max-wait SEC (60)
  --connect-timeout SEC   default 10; --read-timeout SEC (idle read) default 30
  --log-level LEVEL       debug, info, warn, error, silent (JSON lines on stderr)
  --json                  machine-readable output on stdout

Exit codes: 0 all good, 1 some downloads failed (each named) or files changed, 2 usage or bad input,
130 cancelled.
`;

type Command = (argv: string[], io: CliIo) => Promise<number>;

/** How long a cancel may take before the process ends by the signal itself. */
const cancelGraceMs = 2000;

/**
 * Ends the process by `signal` with its default action: the kernel ends it at once whatever its
 * threads are doing, and the shell sees 128 + n (130 for SIGINT, 143 for SIGTERM).
 */
function dieBy(signal: NodeJS.Signals): void {
  process.removeAllListeners(signal);
  process.kill(process.pid, signal);
}

const commands: Record<string, Command> = {
  services: servicesCommand,
  regions: regionsCommand,
  versions: versionsCommand,
  download: downloadCommand,
  verify: verifyCommand,
  scan: scanCommand,
  estimate: estimateCommand,
  index: indexCommand,
  price: priceCommand,
  compare: compareCommand,
  budgets: budgetsCommand,
  costs: costsCommand,
  spot: spotCommand,
};

export async function main(argv: string[], rawIo: CliIo): Promise<number> {
  const io: CliIo = { ...rawIo, stdout: terminalSafeStream(rawIo.stdout), stderr: terminalSafeStream(rawIo.stderr) };
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.stdout.write(help);
    return name === undefined ? exitUsage : 0;
  }
  if (name === '--version' || name === '-V') {
    io.stdout.write(`${toolVersion}\n`);
    return 0;
  }
  const command = commands[name];
  if (!command) {
    io.stderr.write(`price-atlas: unknown command ${JSON.stringify(name)}\n  → commands: ${Object.keys(commands).join(', ')} (price-atlas --help)\n`);
    return exitUsage;
  }
  if (rest.includes('--help')) {
    io.stdout.write(help);
    return 0;
  }
  try {
    return await command(rest, io);
  } catch (err) {
    if (io.signal.aborted) {
      io.stderr.write('price-atlas: cancelled\n');
      return exitCancelled;
    }
    io.stderr.write(`price-atlas ${name}: ${scrubString(errorMessage(err))}\n`);
    if (err instanceof PriceAtlasError && err.hint) io.stderr.write(`  → ${scrubString(err.hint)}\n`);
    return err instanceof UsageError ? exitUsage : exitFailed;
  }
}

if (require.main === module) {
  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    // First Ctrl-C cancels cleanly (partial files removed, good files kept); a second one quits now.
    if (++interrupts > 1) return dieBy(signal);
    process.stderr.write(`\nprice-atlas: ${signal}, cancelling (press Ctrl-C again to quit at once)\n`);
    controller.abort(new Error(`cancelled by ${signal}`));
    // A clean cancel takes moments. One stuck in a read that never returns (a FIFO, a hung network
    // filesystem) would wait forever, and so would process.exit, which waits for Node's threads.
    setTimeout(() => dieBy(signal), cancelGraceMs).unref();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd(), signal: controller.signal }).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`price-atlas: unexpected error: ${scrubString(errorMessage(err))}\n`);
      process.exitCode = exitFailed;
    },
  );
}
