import * as path from 'node:path';
import type { Dispatcher } from 'undici';
import type { RetryPolicy } from '../backoff';
import { findOffer, mirrorSource, parseOfferIndex, parseRegionIndex, parseSavingsPlanRegionIndex } from './catalog';
import type { OfferEntry, RegionIndex, Rejection } from './catalog';
import { downloadFile } from './download-file';
import type { DownloadLimits, DownloadResult, DownloadTarget, FileKind, LocalVerification } from './download-file';
import { redactUrl, urlFor } from './endpoint';
import { UsageError, adviceOf, errorMessage } from '../errors';
import { createDispatcher } from './http';
import type { HttpTimeouts } from './http';
import { createLimiter } from './limiter';
import type { Logger } from '../logger';
import { buildMetrics, writeMetrics } from './metrics';
import { ensureDir } from '../atomic-write';
import { defaultMetricsDirName, isBulkApiPath, mirrorPath, offerIndexPath, validateRegionCode, versionFromPath, withFormat } from '../mirror/layout';
import { openMirrorRoot } from '../mirror/mirror-root';
import type { OutputFolderOptions } from '../mirror/mirror-root';
import { lockMirror } from '../mirror/mirror-lock';
import type { MirrorLock } from '../mirror/mirror-lock';
import { sweepLeftovers } from './partial';
import { createSha256Pool } from './sha256-pool';
import type { HashingMode } from './sha256-pool';
import { toolVersion } from '../version';
import type { OfferFormat } from '../mirror/layout';
import type { Remedy } from '../remedy';
import { optionRemedy } from '../remedy';

export interface DownloadRequest {
  endpoint: URL;
  outputDir: string;
  /** Where `latest.json` goes; `null` writes no metrics. Default `<outputDir>/.metrics`. */
  metricsDir?: string | null;
  /** Offer codes; empty or absent = every service in the offer index. */
  services?: readonly string[];
  /** Region codes; absent = each service's whole current offer file. */
  regions?: readonly string[];
  format: OfferFormat;
  /** With regions: also the Savings Plans files of services that have them. */
  savingsPlans: boolean;
  maxConcurrent: number;
  retry: RetryPolicy;
  timeouts: HttpTimeouts;
  totalTimeoutMs: number;
  verifyLocal: LocalVerification;
  logger: Logger;
  signal?: AbortSignal;
  hashing?: HashingMode;
  /** Injected by tests; by default a pool sized for `maxConcurrent`. */
  dispatcher?: Dispatcher;
  onProgress?: (progress: DownloadProgress) => void;
  onFileDone?: (result: DownloadResult) => void;
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** How the output folder is checked (see mirror-root): whether the user named it, the workspace. */
  outputFolder?: OutputFolderOptions;
  limits?: Partial<DownloadLimits>;
  checkpointMs?: number;
}

export interface DownloadProgress {
  filesTotal: number;
  filesDone: number;
  filesCached: number;
  filesFailed: number;
  bytesReceived: number;
  /** Sum of the sizes announced so far; grows as files start. */
  bytesExpected: number;
  /** Files whose size is not announced yet (not started, or no Content-Length). */
  filesUnsized: number;
  active: string[];
  elapsedMs: number;
}

export interface PlanProblem {
  /** A warning (an index entry nobody asked for was refused) does not fail the run. */
  severity: 'error' | 'warning';
  message: string;
  hint?: string;
  remedy?: Remedy;
  service?: string;
  region?: string;
}

export interface DownloadRunResult {
  files: DownloadResult[];
  problems: PlanProblem[];
  metricsFile?: string;
  cancelled: boolean;
  ok: boolean;
}

/**
 * Mirrors price lists from an endpoint into `outputDir`: the offer index, then per service its
 * version and region indexes and the offer files asked for, each at the path it has on the
 * endpoint. Index files are fetched through the same downloader, so a rerun asks the server only
 * "changed?" for each, and the folder can itself be served as an endpoint.
 */
export async function runDownload(req: DownloadRequest): Promise<DownloadRunResult> {
  const startedAt = new Date();
  const started = performance.now();
  const outputDir = path.resolve(req.outputDir);
  const regions = req.regions?.map((r) => {
    try {
      return validateRegionCode(r);
    } catch (err) {
      throw new UsageError(errorMessage(err), 'region codes look like us-east-1', {
        remedy: { kind: 'list', of: 'regions', ...(req.services?.length === 1 && { service: req.services[0] }) },
      });
    }
  });
  const metricsDir = req.metricsDir === null ? undefined : path.resolve(req.metricsDir ?? path.join(outputDir, defaultMetricsDirName));
  const root = await openMirrorRoot(outputDir, req.outputFolder);
  const lock: MirrorLock = await lockMirror(outputDir, req.logger);
  try {
    return await runLocked(req, { outputDir, metricsDir, regions, root, startedAt, started });
  } finally {
    await lock.release();
  }
}

interface RunSetup {
  outputDir: string;
  metricsDir: string | undefined;
  regions: string[] | undefined;
  root: import('../mirror/mirror-root').MirrorRoot;
  startedAt: Date;
  started: number;
}

async function runLocked(req: DownloadRequest, setup: RunSetup): Promise<DownloadRunResult> {
  const { outputDir, metricsDir, regions, root, startedAt, started } = setup;
  try {
    if (metricsDir) {
      const inside = !path.relative(outputDir, metricsDir).startsWith('..') && !path.isAbsolute(path.relative(outputDir, metricsDir));
      if (inside) await root.prepareDirFor(path.join(metricsDir, 'latest.json'));
      else await ensureDir(metricsDir);
    }
  } catch (err) {
    throw new UsageError(`cannot use the metrics folder: ${errorMessage(err)}`, 'choose a folder you can write to, or turn metrics off', {
      remedy: optionRemedy('metricsDir'),
    });
  }
  const swept = await sweepLeftovers(outputDir, { all: false });
  if (swept.length > 0) req.logger.info('removed leftovers of earlier runs that cannot be continued', { files: swept.length });
  const ownDispatcher = req.dispatcher ? undefined : createDispatcher(req.timeouts, req.maxConcurrent);
  const dispatcher = req.dispatcher ?? ownDispatcher!;
  const hashes = createSha256Pool(req.hashing);
  hashes.warm();
  const limit = createLimiter(req.maxConcurrent);
  const log = req.logger;
  const mirror = mirrorSource(outputDir);

  const results: DownloadResult[] = [];
  const problems: PlanProblem[] = [];
  const inFlight = new Map<string, Promise<DownloadResult>>();
  const active = new Set<string>();
  const expected = new Map<string, number>();
  const progress: DownloadProgress = {
    filesTotal: 0,
    filesDone: 0,
    filesCached: 0,
    filesFailed: 0,
    bytesReceived: 0,
    bytesExpected: 0,
    filesUnsized: 0,
    active: [],
    elapsedMs: 0,
  };
  let lastReport = 0;
  const report = (force = false): void => {
    if (!req.onProgress) return;
    const now = performance.now();
    if (!force && now - lastReport < 100) return;
    lastReport = now;
    progress.elapsedMs = Math.round(now - started);
    progress.active = [...active];
    progress.bytesExpected = [...expected.values()].reduce((a, b) => a + b, 0);
    progress.filesUnsized = progress.filesTotal - expected.size;
    req.onProgress({ ...progress });
  };

  const fetchToMirror = (urlPath: string, kind: FileKind, offerCode?: string): Promise<DownloadResult> => {
    const existing = inFlight.get(urlPath);
    if (existing) return existing;
    if (!isBulkApiPath(urlPath)) {
      // Parsing already refuses such paths; this keeps it true for any caller.
      const refused: DownloadResult = {
        url: redactUrl(urlFor(req.endpoint, urlPath)),
        urlPath,
        file: '',
        kind,
        status: 'failed',
        bytes: 0,
        durationMs: 0,
        cacheHit: false,
        attempts: 0,
        retries: 0,
        resumed: false,
        error: `${urlPath} is not a path of the bulk price-list API; refused`,
      };
      results.push(refused);
      return Promise.resolve(refused);
    }
    const target: DownloadTarget = {
      url: urlFor(req.endpoint, urlPath),
      urlPath,
      file: mirrorPath(outputDir, urlPath),
      kind,
      offerCode,
      version: versionFromPath(urlPath),
    };
    progress.filesTotal++;
    report();
    const promise = limit(async () => {
      if (req.signal?.aborted) {
        return {
          url: redactUrl(target.url),
          urlPath,
          file: target.file,
          kind,
          status: 'cancelled',
          bytes: 0,
          durationMs: 0,
          cacheHit: false,
          attempts: 0,
          retries: 0,
          resumed: false,
          error: 'cancelled',
        } satisfies DownloadResult;
      }
      active.add(urlPath);
      try {
        return await downloadFile(target, {
          dispatcher,
          hashes,
          logger: log,
          retry: req.retry,
          totalTimeoutMs: req.totalTimeoutMs,
          signal: req.signal,
          verifyLocal: req.verifyLocal,
          random: req.random,
          sleep: req.sleep,
          mirror: root,
          limits: req.limits,
          checkpointMs: req.checkpointMs,
          onBytes: (_t, delta) => {
            progress.bytesReceived += delta;
            report();
          },
          onSize: (_t, size) => {
            if (size !== undefined) expected.set(urlPath, size);
            report();
          },
        });
      } finally {
        active.delete(urlPath);
      }
    }).then((result) => {
      results.push(result);
      progress.filesDone++;
      if (result.status === 'cached') progress.filesCached++;
      if (result.status === 'failed') progress.filesFailed++;
      if (result.size !== undefined) expected.set(urlPath, result.size);
      report(true);
      req.onFileDone?.(result);
      return result;
    });
    inFlight.set(urlPath, promise);
    return promise;
  };

  // An index file we need to read: fetched (or confirmed unchanged) first, then read from the mirror.
  const readIndex = async <T>(urlPath: string, parse: (json: unknown) => T, offerCode?: string): Promise<T | undefined> => {
    const result = await fetchToMirror(urlPath, 'index', offerCode);
    if (result.status !== 'downloaded' && result.status !== 'cached') return undefined;
    try {
      return parse(await mirror.getJson(urlPath));
    } catch (err) {
      problems.push({ severity: 'error', message: `${urlPath}: ${errorMessage(err)}`, ...adviceOf(err), service: offerCode });
      return undefined;
    }
  };

  // An entry refused as unsafe fails the run only when it is one the user asked for; any other is
  // a warning (a cron job must not fail because of a service it never wanted).
  const noteRejected = (where: string, index: { rejected: Rejection[] }, requested: (entry: string) => boolean, service?: string): void => {
    for (const r of index.rejected) {
      const wanted = requested(r.entry);
      (wanted ? log.error : log.warn).call(log, 'entry refused', { index: where, entry: r.entry, reason: r.reason });
      problems.push({
        severity: wanted ? 'error' : 'warning',
        message: `${where}: entry ${JSON.stringify(r.entry)} refused: ${r.reason}`,
        ...(wanted && {
          hint: 'the endpoint published an entry that is not in the shape AWS uses; it was not downloaded. If this is a team mirror, rebuild it from AWS',
        }),
        ...(service !== undefined && { service }),
      });
    }
  };

  const offerFilesOf = (index: RegionIndex, code: string, where: string, savingsPlans: boolean): Array<Promise<unknown>> => {
    const jobs: Array<Promise<unknown>> = [];
    noteRejected(where, index, (entry) => regions!.includes(entry), code);
    for (const region of regions!) {
      const entry = index.regions.find((r) => r.regionCode === region);
      if (entry) jobs.push(fetchToMirror(withFormat(entry.url, req.format), 'offer', code));
      else if (savingsPlans) log.info('no Savings Plans file for region', { service: code, region });
      else if (!index.rejected.some((r) => r.entry === region))
        problems.push({ severity: 'error', service: code, region, ...missingRegion(code, region, index) });
    }
    return jobs;
  };

  const planService = async (offer: OfferEntry): Promise<void> => {
    const code = offer.offerCode;
    if (offer.versionIndexUrl) void fetchToMirror(offer.versionIndexUrl, 'index', code);
    if (!regions) {
      if (offer.currentRegionIndexUrl) void fetchToMirror(offer.currentRegionIndexUrl, 'index', code);
      await fetchToMirror(withFormat(offer.currentVersionUrl, req.format), 'offer', code);
      return;
    }
    const jobs: Array<Promise<unknown>> = [];
    if (!offer.currentRegionIndexUrl) {
      problems.push({
        severity: 'error',
        service: code,
        message: `${code} has no region index`,
        hint: 'download its whole offer file instead, without regions',
        remedy: { kind: 'download', services: [code], regions: [] },
      });
    } else {
      const index = await readIndex(offer.currentRegionIndexUrl, parseRegionIndex, code);
      if (index) jobs.push(...offerFilesOf(index, code, offer.currentRegionIndexUrl, false));
    }
    if (req.savingsPlans && offer.currentSavingsPlanIndexUrl) {
      if (offer.savingsPlanVersionIndexUrl) void fetchToMirror(offer.savingsPlanVersionIndexUrl, 'index', code);
      const spIndex = await readIndex(offer.currentSavingsPlanIndexUrl, parseSavingsPlanRegionIndex, code);
      if (spIndex) jobs.push(...offerFilesOf(spIndex, code, offer.currentSavingsPlanIndexUrl, true));
    }
    await Promise.all(jobs);
  };

  let usageError: unknown;
  try {
    const index = await readIndex(offerIndexPath, parseOfferIndex);
    if (index !== undefined) {
      const asked = req.services && req.services.length > 0 ? req.services : undefined;
      noteRejected(offerIndexPath, index, (entry) => asked?.includes(entry) ?? false);
      // Every requested name is resolved before anything starts: a typo is bad input (exit 2).
      const offers = asked ? asked.filter((code) => !index.rejected.some((r) => r.entry === code)).map((code) => findOffer(index, code)) : index.offers;
      await Promise.all(
        offers.map((offer) =>
          // One service's trouble is that service's failure; the others are still fetched.
          planService(offer).catch((err: unknown) => {
            if (err instanceof UsageError) throw err;
            problems.push({ severity: 'error', service: offer.offerCode, message: `${offer.offerCode}: ${errorMessage(err)}`, ...adviceOf(err) });
          }),
        ),
      );
    } else {
      problems.push({
        severity: 'error',
        message: 'could not fetch the offer index',
        hint: 'check the endpoint and the network; the failed download is named above',
      });
    }
    // Fire-and-forget index fetches above still count: wait for every file started.
    await Promise.all(inFlight.values());
  } catch (err) {
    if (err instanceof UsageError) usageError = err;
    else problems.push({ severity: 'error', message: errorMessage(err), ...adviceOf(err) });
    await Promise.allSettled(inFlight.values());
  } finally {
    await hashes.close();
    await ownDispatcher?.close();
  }
  report(true);

  const cancelled = req.signal?.aborted ?? false;
  let metricsFile: string | undefined;
  if (metricsDir) {
    const doc = buildMetrics(results, {
      startedAt,
      finishedAt: new Date(),
      endpoint: redactUrl(req.endpoint.href),
      outputDir,
      cancelled,
      toolVersion,
      problems,
    });
    try {
      metricsFile = (await writeMetrics(metricsDir, doc)).latest;
    } catch (err) {
      log.error('could not write metrics', { dir: metricsDir, error: errorMessage(err) });
      // The files are what the run is for; a metrics folder we cannot write (a read-only mirror) is a warning.
      problems.push({
        severity: 'warning',
        message: `could not write metrics to ${metricsDir}: ${errorMessage(err)}`,
        hint: 'choose another folder, or turn metrics off',
        remedy: optionRemedy('metricsDir'),
      });
    }
  }
  if (usageError) throw usageError;
  const ok = !cancelled && !problems.some((p) => p.severity === 'error') && results.every((r) => r.status === 'downloaded' || r.status === 'cached');
  if (ok) {
    // Nothing is left to continue: no temporary file or partial survives a run that got everything.
    await sweepLeftovers(outputDir, { all: true });
  }
  return { files: results, problems, metricsFile, cancelled, ok };
}

function missingRegion(code: string, region: string, index: RegionIndex): { message: string; hint: string; remedy?: Remedy } {
  const available = index.regions.map((r) => r.regionCode);
  const message = `${code} has no price list for region ${region}`;
  if (available.length > 3) return { message, hint: `it has ${available.length} regions`, remedy: { kind: 'list', of: 'regions', service: code } };
  const global = available.includes('global') ? ' (a global service: download it whole, or choose the region global)' : '';
  return { message, hint: `it has: ${available.join(', ') || 'none'}${global}` };
}
