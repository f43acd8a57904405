import * as path from 'node:path';
import type { RetryPolicy } from '../core/backoff';
import { findOffer, loadOfferIndex, loadRegionIndex, loadSavingsPlanRegionIndex, loadVersionIndex } from '../core/download/catalog';
import type { CatalogSource } from '../core/download/catalog';
import { defaultDownloadLimits } from '../core/download/download-file';
import type { LocalVerification } from '../core/download/download-file';
import { runDownload } from '../core/download/download-run';
import type { DownloadRunResult } from '../core/download/download-run';
import { resolveEndpoint } from '../core/download/endpoint';
import { endpointSource } from '../core/download/endpoint-source';
import { UsageError } from '../core/errors';
import { createDispatcher } from '../core/download/http';
import type { HttpTimeouts } from '../core/download/http';
import { createJsonLogger } from '../core/logger';
import { createSha256Pool } from '../core/download/sha256-pool';
import { verifyMirror } from '../core/mirror/verify-mirror';
import type { Logger, LogLevel } from '../core/logger';
import { Option } from 'commander';
import type { CliCommand } from './cli-command';
import { choiceOption, endpointOptions, jsonOption, listOption, numberOption, progressOptions, valueOption } from './options';
import type { EndpointOptions } from './options';
import { formatBytes, formatDuration } from '../core/format';
import { table } from './format';
import { ProgressLine } from './progress-line';
import { defaultMetricsDirName, defaultOutputDir } from '../core/mirror/layout';
import { adviceText, withHint } from './present-error';

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

/** The JSON-lines logger on stderr every command uses: `--log-level`, else quiet on a terminal. */
export function cliLogger(level: LogLevel | undefined, io: CliIo): Logger {
  // On a terminal the progress line shows activity; a cron job or CI log wants the details.
  const fallback: LogLevel = io.stderr.isTTY ? 'warn' : 'info';
  return createJsonLogger({ level: level ?? fallback, write: (line) => io.stderr.write(line) });
}

function retryPolicy(options: EndpointOptions): RetryPolicy {
  const policy: RetryPolicy = { retries: options.retries, minDelayMs: options.retryMinWait * 1000, maxDelayMs: options.retryMaxWait * 1000 };
  if (policy.maxDelayMs < policy.minDelayMs) throw new UsageError('--retry-max-wait must not be less than --retry-min-wait');
  return policy;
}

function timeouts(options: EndpointOptions): HttpTimeouts {
  return { connectMs: options.connectTimeout * 1000, readMs: options.readTimeout * 1000 };
}

function writeJson(io: CliIo, value: unknown): void {
  io.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

async function withCatalog<T>(options: EndpointOptions, io: CliIo, body: (source: CatalogSource) => Promise<T>): Promise<T> {
  const endpoint = resolveEndpoint(options.endpoint, io.env);
  const dispatcher = createDispatcher(timeouts(options), 4);
  try {
    return await body(endpointSource(endpoint, { dispatcher, retry: retryPolicy(options), logger: cliLogger(options.logLevel, io), signal: io.signal }));
  } finally {
    await dispatcher.close();
  }
}

function oneService(operands: readonly string[], command: string): string {
  if (operands.length !== 1) throw new UsageError(`${command} takes one service code`, `for example: price-atlas ${command} AmazonEC2`);
  return operands[0]!;
}

export interface CatalogOptions extends EndpointOptions {
  json?: boolean;
}

export async function servicesCommand(operands: string[], options: CatalogOptions, io: CliIo): Promise<number> {
  if (operands.length > 0) throw new UsageError(`services takes no arguments, got ${operands.join(' ')}`);
  const index = await withCatalog(options, io, loadOfferIndex);
  if (options.json) {
    writeJson(io, index.offers);
  } else {
    io.stdout.write(table([['OFFER CODE', 'SAVINGS PLANS'], ...index.offers.map((o) => [o.offerCode, o.currentSavingsPlanIndexUrl ? 'yes' : ''])]) + '\n');
    io.stdout.write(`${index.offers.length} services${index.publicationDate ? `, published ${index.publicationDate}` : ''}\n`);
  }
  for (const r of index.rejected) io.stderr.write(`warning: offer index entry ${JSON.stringify(r.entry)} refused: ${r.reason}\n`);
  return exitOk;
}

export interface RegionsOptions extends CatalogOptions {
  savingsPlans?: boolean;
}

export async function regionsCommand(operands: string[], options: RegionsOptions, io: CliIo): Promise<number> {
  const code = oneService(operands, 'regions');
  const index = await withCatalog(options, io, async (source) => {
    const offer = findOffer(await loadOfferIndex(source), code);
    return options.savingsPlans ? loadSavingsPlanRegionIndex(source, offer) : loadRegionIndex(source, offer);
  });
  if (options.json) {
    writeJson(
      io,
      index.regions.map((r) => ({ regionCode: r.regionCode, url: r.url })),
    );
  } else {
    io.stdout.write(table([['REGION', 'URL'], ...index.regions.map((r) => [r.regionCode, r.url])]) + '\n');
    io.stdout.write(`${index.regions.length} regions\n`);
  }
  for (const r of index.rejected) io.stderr.write(`warning: region index entry ${JSON.stringify(r.entry)} refused: ${r.reason}\n`);
  return exitOk;
}

export async function versionsCommand(operands: string[], options: CatalogOptions, io: CliIo): Promise<number> {
  const code = oneService(operands, 'versions');
  const index = await withCatalog(options, io, async (source) => loadVersionIndex(source, findOffer(await loadOfferIndex(source), code)));
  if (options.json) {
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

export interface DownloadOptions extends CatalogOptions {
  services?: string[];
  regions?: string[];
  format: 'json' | 'csv';
  outputDir?: string;
  metricsDir?: string;
  /** False with --no-metrics. */
  metrics?: boolean;
  maxConcurrent: number;
  totalTimeout: number;
  savingsPlans?: boolean;
  verify: LocalVerification;
  progress?: boolean;
  maxFileSize: number;
}

export async function downloadCommand(operands: string[], options: DownloadOptions, io: CliIo): Promise<number> {
  if (operands.length > 0) {
    throw new UsageError(`unexpected argument ${JSON.stringify(operands[0])}`, 'name services with --services and regions with --regions');
  }
  const endpoint = resolveEndpoint(options.endpoint, io.env);
  const outputDir = path.resolve(io.cwd, options.outputDir ?? defaultOutputDir);
  const metricsDir = options.metrics === false ? null : path.resolve(io.cwd, options.metricsDir ?? path.join(outputDir, defaultMetricsDirName));
  const json = options.json ?? false;
  const log = cliLogger(options.logLevel, io);
  const showProgress = options.progress ?? (io.stderr.isTTY === true && !json);
  const progress = showProgress ? new ProgressLine(io.stderr) : undefined;

  let result: DownloadRunResult;
  try {
    result = await runDownload({
      endpoint,
      outputDir,
      metricsDir,
      services: options.services,
      regions: options.regions,
      format: options.format,
      savingsPlans: options.savingsPlans ?? true,
      maxConcurrent: options.maxConcurrent,
      retry: retryPolicy(options),
      timeouts: timeouts(options),
      totalTimeoutMs: options.totalTimeout * 1000,
      verifyLocal: options.verify,
      logger: log,
      signal: io.signal,
      onProgress: progress ? (p) => progress.update(p) : undefined,
      // A folder named on the command line may be a link; the default may not (a repository decides it).
      outputFolder: { explicit: options.outputDir !== undefined },
      limits: { offerMaxBytes: options.maxFileSize * 2 ** 30 },
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
        ...withHint(adviceText(f)),
        ...(f.remedy !== undefined && { remedy: f.remedy }),
      })),
      problems: result.problems.map((p) => ({ ...p, ...withHint(adviceText(p)) })),
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
    const hint = adviceText(f);
    if (hint) out.write(`  → ${hint}\n`);
  }
  for (const p of result.problems) {
    out.write(`PROBLEM ${p.message}\n`);
    const hint = adviceText(p);
    if (hint) out.write(`  → ${hint}\n`);
  }
  if (result.cancelled) out.write('Cancelled: files that were not complete were left as they were.\n');
  out.write(`Mirror: ${outputDir}\n`);
  if (result.metricsFile) out.write(`Metrics: ${result.metricsFile}\n`);
}

export interface VerifyOptions {
  json?: boolean;
  outputDir?: string;
}

export async function verifyCommand(operands: string[], options: VerifyOptions, io: CliIo): Promise<number> {
  if (operands.length > 1) throw new UsageError('verify takes at most one folder', 'for example: price-atlas verify .aws-pricing');
  const dir = path.resolve(io.cwd, operands[0] ?? options.outputDir ?? defaultOutputDir);
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
  if (options.json) {
    writeJson(io, entries);
  } else {
    const labels: Record<string, string> = { changed: 'CHANGED   ', 'no-sidecar': 'NO SIDECAR', 'not-price-list': 'NOT PRICES' };
    for (const e of bad) io.stdout.write(`${labels[e.status]} ${e.path}\n`);
    for (const e of strays) io.stdout.write(`STRAY      ${e.path} (${formatBytes(e.size)})\n`);
    io.stdout.write(`${files.length - bad.length} of ${files.length} files match their sidecars in ${dir}\n`);
    if (bad.length > 0) io.stdout.write('  → run `price-atlas download` with the same services and regions to fetch them again\n');
    if (strays.length > 0)
      io.stdout.write(
        `  → ${strays.length} leftover${strays.length === 1 ? '' : 's'} of interrupted downloads: the next \`price-atlas download\` continues or removes them\n`,
      );
  }
  return bad.length === 0 ? exitOk : exitFailed;
}

const catalogOptions = (): Option[] => [jsonOption(), ...endpointOptions()];

export const servicesCli: CliCommand = {
  name: 'services',
  summary: "list the services (offer codes) in AWS's offer index",
  operands: { usage: '', help: [] },
  options: catalogOptions,
  examples: ['price-atlas services', 'price-atlas services --json'],
  run: (operands, options, io) => servicesCommand(operands, options as CatalogOptions, io),
};

export const regionsCli: CliCommand = {
  name: 'regions',
  summary: "list a service's regions",
  operands: { usage: '<service>', help: [['service', 'an offer code, e.g. AmazonEC2']] },
  options: () => [new Option('--savings-plans', 'the regions of its Savings Plans files instead'), ...catalogOptions()],
  examples: ['price-atlas regions AmazonEC2', 'price-atlas regions AmazonEC2 --savings-plans --json'],
  run: (operands, options, io) => regionsCommand(operands, options as RegionsOptions, io),
};

export const versionsCli: CliCommand = {
  name: 'versions',
  summary: "list a service's published versions, newest first",
  operands: { usage: '<service>', help: [['service', 'an offer code, e.g. AmazonEC2']] },
  options: catalogOptions,
  examples: ['price-atlas versions AmazonEC2'],
  run: (operands, options, io) => versionsCommand(operands, options as CatalogOptions, io),
};

export const downloadCli: CliCommand = {
  name: 'download',
  summary: 'mirror price-list files to a folder, with SHA-256 sidecars',
  operands: { usage: '', help: [] },
  options: () => [
    listOption('--services <codes...>', 'offer codes, space- or comma-separated (AmazonEC2 AmazonRDS); default: every service'),
    listOption('--regions <regions...>', "only these regions' files (us-east-1 eu-west-1); default: whole offer files"),
    choiceOption('--format <format>', "the files' format", ['json', 'csv'] as const, 'json'),
    valueOption('--output-dir <dir>', `the mirror folder; default ./${defaultOutputDir}`),
    valueOption('--metrics-dir <dir>', "where the run's metrics go; default <output-dir>/.metrics"),
    new Option('--metrics', 'write the metrics (the default)').hideHelp(),
    new Option('--no-metrics', 'no metrics file'),
    numberOption('--max-concurrent <n>', 'parallel downloads', { min: 1, max: 64, integer: true }, 8),
    new Option('--savings-plans', 'with --regions, also fetch the Savings Plans files (the default)').hideHelp(),
    new Option('--no-savings-plans', 'with --regions, skip the Savings Plans files'),
    choiceOption<LocalVerification>('--verify <how>', 'how files already on disk are checked: full SHA-256 or size', ['full', 'size'], 'full'),
    numberOption('--total-timeout <seconds>', 'budget for one file, retries included', { min: 1, max: 7 * 86400 }, 3600),
    numberOption(
      '--max-file-size <gb>',
      'refuse an offer file larger than this (index files: 16 MiB)',
      { min: 0.001, max: 1024 },
      defaultDownloadLimits.offerMaxBytes / 2 ** 30,
    ),
    ...progressOptions(),
    ...catalogOptions(),
  ],
  examples: ['price-atlas download --services AmazonEC2 AmazonRDS --regions us-east-1 eu-west-1', 'price-atlas download --services AmazonRoute53 --format csv'],
  run: (operands, options, io) => downloadCommand(operands, options as DownloadOptions, io),
};

export const verifyCli: CliCommand = {
  name: 'verify',
  summary: "check a mirror's files against their sidecars, offline",
  operands: { usage: '[dir]', help: [['dir', `the mirror folder; default ./${defaultOutputDir}`]] },
  options: () => [jsonOption(), valueOption('--output-dir <dir>', 'the mirror folder, as for download (the operand wins)')],
  examples: ['price-atlas verify .aws-pricing'],
  run: (operands, options, io) => verifyCommand(operands, options as VerifyOptions, io),
};
