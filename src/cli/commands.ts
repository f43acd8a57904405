import * as path from 'node:path';
import { defaultRetryPolicy } from '../core/backoff';
import type { RetryPolicy } from '../core/backoff';
import { findOffer, loadOfferIndex, loadRegionIndex, loadSavingsPlanRegionIndex, loadVersionIndex } from '../core/download/catalog';
import type { CatalogSource } from '../core/download/catalog';
import { defaultDownloadLimits } from '../core/download/download-file';
import type { LocalVerification } from '../core/download/download-file';
import { runDownload } from '../core/download/download-run';
import { defaultMetricsDirName } from '../core/download/metrics';
import type { DownloadRunResult } from '../core/download/download-run';
import { resolveEndpoint } from '../core/download/endpoint';
import { endpointSource } from '../core/download/endpoint-source';
import { UsageError } from '../core/errors';
import { createDispatcher, defaultTimeouts } from '../core/download/http';
import type { HttpTimeouts } from '../core/download/http';
import { createJsonLogger, logLevels, parseLogLevel } from '../core/logger';
import { createSha256Pool } from '../core/download/sha256-pool';
import { verifyMirror } from '../core/download/verify-mirror';
import type { Logger, LogLevel } from '../core/logger';
import { choiceOption, numberOption, parseArgs } from './args';
import type { OptionSpecs, ParsedArgs } from './args';
import { formatBytes, formatDuration } from '../core/format';
import { table } from './format';
import { ProgressLine } from './progress-line';

export interface CliIo {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
  signal: AbortSignal;
}

export const exitOk = 0;
export const exitFailed = 1;
export const exitUsage = 2;
export const exitCancelled = 130;

export const defaultOutputDir = '.aws-pricing';

export const commonSpecs: OptionSpecs = {
  endpoint: { type: 'string' },
  'log-level': { type: 'string' },
  json: { type: 'boolean' },
  retries: { type: 'string' },
  'retry-min-wait': { type: 'string' },
  'retry-max-wait': { type: 'string' },
  'connect-timeout': { type: 'string' },
  'read-timeout': { type: 'string' },
  help: { type: 'boolean' },
};

export const downloadSpecs: OptionSpecs = {
  ...commonSpecs,
  services: { type: 'list' },
  regions: { type: 'list' },
  format: { type: 'string' },
  'output-dir': { type: 'string' },
  'metrics-dir': { type: 'string' },
  metrics: { type: 'boolean', negatable: true },
  'max-concurrent': { type: 'string' },
  'total-timeout': { type: 'string' },
  'savings-plans': { type: 'boolean', negatable: true },
  verify: { type: 'string' },
  progress: { type: 'boolean', negatable: true },
  'max-file-size': { type: 'string' },
};

export const verifySpecs: OptionSpecs = { json: { type: 'boolean' }, 'output-dir': { type: 'string' }, help: { type: 'boolean' } };
export const regionsSpecs: OptionSpecs = { ...commonSpecs, 'savings-plans': { type: 'boolean' } };

/** The JSON-lines logger on stderr every command uses: `--log-level`, else quiet on a terminal. */
export function cliLogger(args: ParsedArgs, io: CliIo): Logger {
  const raw = args.strings.get('log-level');
  // On a terminal the progress line shows activity; a cron job or CI log wants the details.
  const fallback: LogLevel = io.stderr.isTTY ? 'warn' : 'info';
  const level = raw === undefined ? fallback : parseLogLevel(raw);
  if (!level) throw new UsageError(`--log-level must be one of ${logLevels.join(', ')}, not ${JSON.stringify(raw)}`);
  return createJsonLogger({ level, write: (line) => io.stderr.write(line) });
}

function retryPolicy(args: ParsedArgs): RetryPolicy {
  const policy: RetryPolicy = {
    retries: numberOption(args, 'retries', defaultRetryPolicy.retries, { min: 0, max: 100, integer: true }),
    minDelayMs: numberOption(args, 'retry-min-wait', defaultRetryPolicy.minDelayMs / 1000, { min: 0, max: 3600 }) * 1000,
    maxDelayMs: numberOption(args, 'retry-max-wait', defaultRetryPolicy.maxDelayMs / 1000, { min: 0, max: 3600 }) * 1000,
  };
  if (policy.maxDelayMs < policy.minDelayMs) throw new UsageError('--retry-max-wait must not be less than --retry-min-wait');
  return policy;
}

function timeouts(args: ParsedArgs): HttpTimeouts {
  return {
    connectMs: numberOption(args, 'connect-timeout', defaultTimeouts.connectMs / 1000, { min: 0.1, max: 600 }) * 1000,
    readMs: numberOption(args, 'read-timeout', defaultTimeouts.readMs / 1000, { min: 0.1, max: 3600 }) * 1000,
  };
}

function writeJson(io: CliIo, value: unknown): void {
  io.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

async function withCatalog<T>(args: ParsedArgs, io: CliIo, body: (source: CatalogSource) => Promise<T>): Promise<T> {
  const endpoint = resolveEndpoint(args.strings.get('endpoint'), io.env);
  const dispatcher = createDispatcher(timeouts(args), 4);
  try {
    return await body(endpointSource(endpoint, { dispatcher, retry: retryPolicy(args), logger: cliLogger(args, io), signal: io.signal }));
  } finally {
    await dispatcher.close();
  }
}

function oneService(args: ParsedArgs, command: string): string {
  if (args.positionals.length !== 1) throw new UsageError(`${command} takes one service code`, `for example: price-atlas ${command} AmazonEC2`);
  return args.positionals[0]!;
}

export async function servicesCommand(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, commonSpecs);
  if (args.positionals.length > 0) throw new UsageError(`services takes no arguments, got ${args.positionals.join(' ')}`);
  const index = await withCatalog(args, io, loadOfferIndex);
  if (args.booleans.get('json')) {
    writeJson(io, index.offers);
  } else {
    io.stdout.write(table([['OFFER CODE', 'SAVINGS PLANS'], ...index.offers.map((o) => [o.offerCode, o.currentSavingsPlanIndexUrl ? 'yes' : ''])]) + '\n');
    io.stdout.write(`${index.offers.length} services${index.publicationDate ? `, published ${index.publicationDate}` : ''}\n`);
  }
  for (const r of index.rejected) io.stderr.write(`warning: offer index entry ${JSON.stringify(r.entry)} refused: ${r.reason}\n`);
  return exitOk;
}

export async function regionsCommand(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, regionsSpecs);
  const code = oneService(args, 'regions');
  const index = await withCatalog(args, io, async (source) => {
    const offer = findOffer(await loadOfferIndex(source), code);
    return args.booleans.get('savings-plans') ? loadSavingsPlanRegionIndex(source, offer) : loadRegionIndex(source, offer);
  });
  if (args.booleans.get('json')) {
    writeJson(io, index.regions.map((r) => ({ regionCode: r.regionCode, url: r.url })));
  } else {
    io.stdout.write(table([['REGION', 'URL'], ...index.regions.map((r) => [r.regionCode, r.url])]) + '\n');
    io.stdout.write(`${index.regions.length} regions\n`);
  }
  for (const r of index.rejected) io.stderr.write(`warning: region index entry ${JSON.stringify(r.entry)} refused: ${r.reason}\n`);
  return exitOk;
}

export async function versionsCommand(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, commonSpecs);
  const code = oneService(args, 'versions');
  const index = await withCatalog(args, io, async (source) => loadVersionIndex(source, findOffer(await loadOfferIndex(source), code)));
  if (args.booleans.get('json')) {
    writeJson(io, index.versions);
  } else {
    io.stdout.write(
      table([
        ['VERSION', 'EFFECTIVE FROM', 'UNTIL', ''],
        ...index.versions.map((v) => [v.version, v.effectiveBeginDate ?? '', v.effectiveEndDate ?? '', v.current ? 'current' : '']),
      ]) + '\n',
    );
  }
  return exitOk;
}

export async function downloadCommand(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, downloadSpecs);
  if (args.positionals.length > 0) {
    throw new UsageError(`unexpected argument ${JSON.stringify(args.positionals[0])}`, 'name services with --services and regions with --regions');
  }
  const endpoint = resolveEndpoint(args.strings.get('endpoint'), io.env);
  const outputDir = path.resolve(io.cwd, args.strings.get('output-dir') ?? defaultOutputDir);
  const metricsDir = args.booleans.get('metrics') === false ? null : path.resolve(io.cwd, args.strings.get('metrics-dir') ?? path.join(outputDir, defaultMetricsDirName));
  const json = args.booleans.get('json') ?? false;
  const log = cliLogger(args, io);
  const showProgress = args.booleans.get('progress') ?? (io.stderr.isTTY === true && !json);
  const progress = showProgress ? new ProgressLine(io.stderr) : undefined;
  const format = choiceOption(args, 'format', ['json', 'csv'] as const, 'json');
  const verifyLocal = choiceOption<LocalVerification>(args, 'verify', ['full', 'size'], 'full');
  const maxConcurrent = numberOption(args, 'max-concurrent', 8, { min: 1, max: 64, integer: true });

  let result: DownloadRunResult;
  try {
    result = await runDownload({
      endpoint,
      outputDir,
      metricsDir,
      services: args.lists.get('services'),
      regions: args.lists.get('regions'),
      format,
      savingsPlans: args.booleans.get('savings-plans') ?? true,
      maxConcurrent,
      retry: retryPolicy(args),
      timeouts: timeouts(args),
      totalTimeoutMs: numberOption(args, 'total-timeout', 3600, { min: 1, max: 7 * 86400 }) * 1000,
      verifyLocal,
      logger: log,
      signal: io.signal,
      onProgress: progress ? (p) => progress.update(p) : undefined,
      // A folder named on the command line may be a link; the default may not (a repository decides it).
      outputFolder: { explicit: args.strings.has('output-dir') },
      limits: { offerMaxBytes: numberOption(args, 'max-file-size', defaultDownloadLimits.offerMaxBytes / 2 ** 30, { min: 0.001, max: 1024 }) * 2 ** 30 },
    });
  } finally {
    progress?.clear();
  }

  if (json) {
    writeJson(io, {
      ok: result.ok,
      cancelled: result.cancelled,
      metrics: result.metricsFile ?? null,
      files: result.files.map((f) => ({
        path: f.urlPath.slice(1),
        url: f.url,
        status: f.status,
        bytes: f.bytes,
        size: f.size ?? null,
        sha256: f.sha256 ?? null,
        attempts: f.attempts,
        resumed: f.resumed,
        durationMs: f.durationMs,
        ...(f.error !== undefined && { error: f.error }),
        ...(f.hint !== undefined && { hint: f.hint }),
      })),
      problems: result.problems,
    });
  } else {
    printSummary(result, io, outputDir);
  }
  if (result.cancelled) return exitCancelled;
  return result.ok ? exitOk : exitFailed;
}

function printSummary(result: DownloadRunResult, io: CliIo, outputDir: string): void {
  const count = (status: string): number => result.files.filter((f) => f.status === status).length;
  const bytes = result.files.reduce((sum, f) => sum + f.bytes, 0);
  const duration = Math.max(...result.files.map((f) => f.durationMs), 0);
  const parts = [`${count('downloaded')} downloaded`, `${count('cached')} unchanged`];
  if (count('failed')) parts.push(`${count('failed')} failed`);
  if (count('cancelled')) parts.push(`${count('cancelled')} cancelled`);
  const out = io.stdout;
  out.write(`${parts.join(', ')}; ${formatBytes(bytes)} received${duration ? ` (longest file ${formatDuration(duration)})` : ''}\n`);
  for (const f of result.files.filter((f) => f.status === 'failed')) {
    out.write(`FAILED ${f.urlPath.slice(1)}: ${f.error}${f.attempts > 1 ? ` (after ${f.attempts} attempts)` : ''}\n`);
    if (f.hint) out.write(`  → ${f.hint}\n`);
  }
  for (const p of result.problems) {
    out.write(`PROBLEM ${p.message}\n`);
    if (p.hint) out.write(`  → ${p.hint}\n`);
  }
  if (result.cancelled) out.write('Cancelled: files that were not complete were left as they were.\n');
  out.write(`Mirror: ${outputDir}\n`);
  if (result.metricsFile) out.write(`Metrics: ${result.metricsFile}\n`);
}

export async function verifyCommand(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, verifySpecs);
  if (args.positionals.length > 1) throw new UsageError('verify takes at most one folder', 'for example: price-atlas verify .aws-pricing');
  const dir = path.resolve(io.cwd, args.positionals[0] ?? args.strings.get('output-dir') ?? defaultOutputDir);
  const hashes = createSha256Pool();
  let entries;
  try {
    entries = await verifyMirror(dir, { hashes });
  } finally {
    await hashes.close();
  }
  if (entries.length === 0) throw new UsageError(`no files in ${dir}`, 'give the folder `price-atlas download` wrote (default ./.aws-pricing)');
  const strays = entries.filter((e) => e.status === 'stray');
  const files = entries.filter((e) => e.status !== 'stray');
  const bad = files.filter((e) => e.status !== 'ok');
  if (args.booleans.get('json')) {
    writeJson(io, entries);
  } else {
    const labels: Record<string, string> = { changed: 'CHANGED   ', 'no-sidecar': 'NO SIDECAR', 'not-price-list': 'NOT PRICES' };
    for (const e of bad) io.stdout.write(`${labels[e.status]} ${e.path}\n`);
    for (const e of strays) io.stdout.write(`STRAY      ${e.path} (${formatBytes(e.size)})\n`);
    io.stdout.write(`${files.length - bad.length} of ${files.length} files match their sidecars in ${dir}\n`);
    if (bad.length > 0) io.stdout.write('  → run `price-atlas download` with the same services and regions to fetch them again\n');
    if (strays.length > 0) io.stdout.write(`  → ${strays.length} leftover${strays.length === 1 ? '' : 's'} of interrupted downloads: the next \`price-atlas download\` continues or removes them\n`);
  }
  return bad.length === 0 ? exitOk : exitFailed;
}
