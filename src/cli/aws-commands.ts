// The CLI side of the AWS account data: `budgets`, `costs` and `spot`. Each opens one AWS session
// (profile, region, endpoint override, retries), asks, and prints a table or JSON. Failures are
// thrown as PriceAtlasError with a hint; src/cli.ts prints them and exits 1 (2 for usage errors).
import * as os from 'node:os';
import * as path from 'node:path';
import { roundTo } from '../core/aws/aws-amounts';
import type { Money } from '../core/aws/aws-amounts';
import { openAwsSession } from '../core/aws/aws-session';
import type { AwsSession } from '../core/aws/aws-session';
import { listBudgets } from '../core/aws/budgets';
import type { BudgetStatus } from '../core/aws/budget-status';
import { getCallerIdentity } from '../core/aws/caller-identity';
import { costPerRequestUsd, defaultCostCacheTtlMs, getCostSummary } from '../core/aws/cost-cache';
import { defaultSpotDays, defaultSpotProduct, getSpotPrices } from '../core/aws/spot-prices';
import { UsageError } from '../core/errors';
import type { Logger } from '../core/logger';
import { Option } from 'commander';
import type { CliCommand } from './cli-command';
import { awsOptions, jsonOption, numberOption, valueOption } from './options';
import type { AwsOptions } from './options';
import { cliLogger, exitOk } from './commands';
import type { CliIo } from './commands';
import { table } from './format';

export interface BudgetsOptions extends AwsOptions {
  json?: boolean;
}

export interface CostsOptions extends BudgetsOptions {
  refresh?: boolean;
  cacheDir?: string;
  cacheTtl: number;
}

export interface SpotOptions extends BudgetsOptions {
  product: string;
  days: number;
}

function noPositionals(operands: readonly string[], command: string): void {
  if (operands.length > 0) throw new UsageError(`${command} takes no arguments, got ${operands.join(' ')}`, `see price-atlas ${command} --help`);
}

/** Runs `body` with an AWS session built from the AWS options (`--profile`, `--aws-endpoint`, ...). */
export async function withSession<T>(options: AwsOptions, io: CliIo, log: Logger, body: (session: AwsSession) => Promise<T>): Promise<T> {
  // The SDK warns on every run that its releases from 2027 need Node 22; the pinned ones run on
  // Node 20, and a person running the CLI cannot act on it (the maintainers can: see README).
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const session = await openAwsSession({
    profile: options.profile,
    region: options.region,
    regionName: '--region',
    endpoint: options.awsEndpoint,
    env: io.env,
    maxAttempts: options.maxAttempts,
    logger: log,
  });
  try {
    return await body(session);
  } finally {
    session.close();
  }
}

function writeJson(io: CliIo, value: unknown): void {
  io.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

function money(m: Money | null | undefined): string {
  if (!m) return '-';
  return `${m.amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${m.unit}`;
}

/** Right-aligns the given columns, so amounts line up at the decimal point. */
function alignRight(rows: string[][], columns: number[]): string[][] {
  const widths = columns.map((c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((row, i) => (i === 0 ? row : row.map((cell, c) => (columns.includes(c) ? cell.padStart(widths[columns.indexOf(c)]!) : cell))));
}

const thresholdLabel: Record<BudgetStatus['threshold'], string> = { under: 'ok (<80%)', near: 'WARNING (80-100%)', over: 'OVER (>100%)' };

export async function budgetsCommand(operands: string[], options: BudgetsOptions, io: CliIo): Promise<number> {
  noPositionals(operands, 'budgets');
  const log = cliLogger(options.logLevel, io);
  const { accountId, budgets } = await withSession(options, io, log, async (session) => {
    const identity = await getCallerIdentity(session);
    return { accountId: identity.accountId, budgets: await listBudgets(session, { accountId: identity.accountId, now: new Date() }) };
  });
  if (options.json) {
    writeJson(
      io,
      budgets.map((b) => ({ name: b.name, limit: b.limit, actual: b.actual, forecast: b.forecast, percentUsed: b.percentUsed, timeUnit: b.timeUnit })),
    );
    return exitOk;
  }
  if (budgets.length === 0) {
    io.stdout.write(`No budgets in account ${accountId}.\n`);
    return exitOk;
  }
  const rows = [
    ['BUDGET', 'PERIOD', 'LIMIT', 'ACTUAL', 'FORECAST', 'USED', 'STATE'],
    ...budgets.map((b) => [
      b.name,
      b.timeUnit,
      money(b.limit),
      money(b.actual),
      money(b.forecast),
      b.percentUsed === null ? '-' : `${b.percentUsed.toFixed(1)}%`,
      thresholdLabel[b.threshold],
    ]),
  ];
  io.stdout.write(table(alignRight(rows, [2, 3, 4, 5])) + '\n');
  const over = budgets.filter((b) => b.threshold === 'over').length;
  const near = budgets.filter((b) => b.threshold === 'near').length;
  io.stdout.write(`${budgets.length} budgets in account ${accountId}: ${over} over, ${near} at 80% or more\n`);
  return exitOk;
}

/** `--cache-dir`, else the platform's cache folder ($XDG_CACHE_HOME or ~/.cache on Linux). */
function cacheDir(flag: string | undefined, io: CliIo): string {
  if (flag) return path.resolve(io.cwd, flag);
  if (io.env.XDG_CACHE_HOME) return path.join(io.env.XDG_CACHE_HOME, 'price-atlas');
  const home = io.env.HOME || io.env.USERPROFILE || os.homedir();
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Caches', 'price-atlas');
  if (process.platform === 'win32') return path.join(io.env.LOCALAPPDATA || path.join(home, 'AppData', 'Local'), 'price-atlas', 'Cache');
  return path.join(home, '.cache', 'price-atlas');
}

export async function costsCommand(operands: string[], options: CostsOptions, io: CliIo): Promise<number> {
  noPositionals(operands, 'costs');
  const log = cliLogger(options.logLevel, io);
  const ttlHours = options.cacheTtl;
  const dir = cacheDir(options.cacheDir, io);
  const result = await withSession(options, io, log, async (session) => {
    const identity = await getCallerIdentity(session);
    return getCostSummary(session, {
      accountId: identity.accountId,
      cacheDir: dir,
      ttlMs: ttlHours * 3_600_000,
      force: options.refresh ?? false,
      now: () => new Date(),
      logger: log,
    });
  });
  const s = result.summary;
  const requests = { thisRun: result.requests, total: result.requestsTotal, since: result.requestsSince };
  if (options.json) {
    writeJson(io, {
      accountId: s.accountId,
      period: s.period,
      metric: s.metric,
      estimated: s.estimated,
      services: s.services,
      total: s.total,
      forecast: s.forecast,
      cache: { fromCache: result.fromCache, fetchedAt: result.fetchedAt, expiresAt: result.expiresAt, file: result.cacheFile },
      requests,
    });
    return exitOk;
  }
  const rows = [['SERVICE', 'COST'], ...s.services.map((c) => [c.service, money(c)]), ['TOTAL', money(s.total)]];
  io.stdout.write(
    `Month to date ${s.period.start} to ${s.period.end} (end exclusive), ${s.metric}${s.estimated ? ', estimated' : ''}, account ${s.accountId}\n`,
  );
  io.stdout.write(table(alignRight(rows, [1])) + '\n');
  if (s.forecast) io.stdout.write(`Forecast: ${money(s.forecast.monthEnd)} by the end of the month (${money(s.forecast.remaining)} still to come)\n`);
  else io.stdout.write('Forecast: not available (Cost Explorer has too little history for this account)\n');
  io.stdout.write(
    result.fromCache
      ? `From the cache, fetched ${result.fetchedAt}; --refresh asks Cost Explorer again (billed).\n`
      : `Fetched now; reused until ${result.expiresAt} unless --refresh.\n`,
  );
  io.stdout.write(
    `Cost Explorer requests: ${requests.thisRun} this run (about $${roundTo(requests.thisRun * costPerRequestUsd, 2).toFixed(2)}), ${requests.total} since ${requests.since.slice(0, 10)}\n`,
  );
  return exitOk;
}

const SIZE = /^[a-z0-9][a-z0-9-]*\.[a-z0-9-]+$/;

export async function spotCommand(operands: string[], options: SpotOptions, io: CliIo): Promise<number> {
  if (operands.length !== 1) throw new UsageError('spot takes one instance size', 'for example: price-atlas spot m5.large --region eu-west-1');
  const size = operands[0]!;
  if (!SIZE.test(size)) throw new UsageError(`"${size}" is not an EC2 instance size`, 'for example m5.large or c7g.xlarge');
  const { days, product } = options;
  const log = cliLogger(options.logLevel, io);
  const summary = await withSession(options, io, log, (session) =>
    getSpotPrices(session, { size, region: session.region, productDescription: product, now: new Date(), days }),
  );
  if (options.json) {
    writeJson(io, summary);
    return exitOk;
  }
  if (summary.zones.length === 0) {
    io.stdout.write(
      `No spot prices for ${size} (${product}) in ${summary.region} over the last ${days} days: the size may not be offered there, or not as spot.\n`,
    );
    return exitOk;
  }
  const price = (n: number): string => n.toFixed(6);
  const rows = [
    ['ZONE', 'CURRENT', 'SINCE', `MIN ${days}D`, `MAX ${days}D`],
    ...summary.zones.map((z) => [z.availabilityZone, price(z.current), z.since.replace('T', ' ').slice(0, 16), price(z.min), price(z.max)]),
  ];
  io.stdout.write(`Spot ${size} ${product} in ${summary.region}, ${summary.currency} per hour\n`);
  io.stdout.write(table(alignRight(rows, [1, 3, 4])) + '\n');
  const cheapest = summary.zones.reduce((a, b) => (b.current < a.current ? b : a));
  io.stdout.write(`Cheapest now: ${cheapest.availabilityZone} at ${price(cheapest.current)} ${summary.currency}/h\n`);
  return exitOk;
}

const accountOptions = (): Option[] => [jsonOption(), ...awsOptions()];

export const budgetsCli: CliCommand = {
  name: 'budgets',
  summary: 'your AWS budgets: limit, actual, forecast, percent used',
  operands: { usage: '', help: [] },
  options: accountOptions,
  examples: ['price-atlas budgets', 'price-atlas budgets --json'],
  run: (operands, options, io) => budgetsCommand(operands, options as BudgetsOptions, io),
};

export const costsCli: CliCommand = {
  name: 'costs',
  summary: "this month's cost by service and the forecast (Cost Explorer)",
  operands: { usage: '', help: [] },
  options: () => [
    new Option('--refresh', 'ask Cost Explorer now (billed per request) instead of the cache'),
    valueOption('--cache-dir <dir>', 'cache folder; default $XDG_CACHE_HOME/price-atlas or ~/.cache/price-atlas'),
    numberOption('--cache-ttl <hours>', 'how long results are reused', { min: 0, max: 24 * 31 }, defaultCostCacheTtlMs / 3_600_000),
    ...accountOptions(),
  ],
  examples: ['price-atlas costs', 'price-atlas costs --refresh --json'],
  run: (operands, options, io) => costsCommand(operands, options as CostsOptions, io),
};

export const spotCli: CliCommand = {
  name: 'spot',
  summary: "spot price per availability zone, with the window's min/max",
  operands: { usage: '<size>', help: [['size', 'an EC2 instance size, e.g. m5.large']] },
  options: () => [
    valueOption('--product <description>', 'product description').default(defaultSpotProduct),
    numberOption('--days <n>', 'the window, in days', { min: 1, max: 90, integer: true }, defaultSpotDays),
    ...accountOptions(),
  ],
  examples: ['price-atlas spot m7g.large --region eu-west-1', 'price-atlas spot c5.large --product Windows --days 3 --json'],
  run: (operands, options, io) => spotCommand(operands, options as SpotOptions, io),
};
