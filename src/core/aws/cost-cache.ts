/**
 * Cost Explorer bills every request ($0.01 each), and its numbers move slowly (AWS refreshes them
 * a few times a day). So cost summaries are kept in a JSON file in a cache folder and reused until
 * they are older than a TTL (12 hours unless told) or a refresh is asked for; and every request
 * made is counted, per call and in total, so the cost of the feature itself is visible.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../atomic-write';
import { errorMessage } from '../errors';
import { silentLogger } from '../logger';
import type { Logger } from '../logger';
import { ensurePrivateDir, privateFileMode, tightenPrivateFile } from '../private-files';
import type { AwsSession } from './aws-session';
import { costAndUsageAction, costForecastAction, fetchCostSummary } from './cost-explorer';
import type { CostSummary } from './cost-explorer';
import { monthToDatePeriod } from './cost-periods';

export const defaultCostCacheTtlMs = 12 * 3_600_000;
export const costCacheFileName = 'cost-explorer-cache.json';
/** What AWS charges per Cost Explorer API request, in USD. */
export const costPerRequestUsd = 0.01;

// Entries for past days are never read again; keep about a month for reference, then drop them.
const keepEntriesMs = 35 * 86_400_000;

interface CacheEntry {
  fetchedAt: string;
  summary: CostSummary;
}

interface CacheFile {
  version: 1;
  /** Cost Explorer requests made through this cache folder since `since`. */
  requests: { total: number; since: string };
  entries: Record<string, CacheEntry>;
}

export interface CostSummaryOptions {
  accountId: string;
  /** Folder for the cache file (the extension's global storage, the CLI's cache folder). */
  cacheDir: string;
  /** How long a summary is reused; default 12 hours. */
  ttlMs?: number;
  /** Ask Cost Explorer even when a fresh summary is cached. */
  force?: boolean;
  /** The clock (tests pass a fake one). */
  now: () => Date;
  logger?: Logger;
}

export interface CachedCostSummary {
  summary: CostSummary;
  fromCache: boolean;
  /** When the summary was fetched from Cost Explorer (ISO). */
  fetchedAt: string;
  /** When it will be fetched again unless forced (ISO). */
  expiresAt: string;
  /** Billed Cost Explorer requests this call made (retries included); 0 when served from the cache. */
  requests: number;
  /** All Cost Explorer requests counted in this cache folder, since `requestsSince`. */
  requestsTotal: number;
  requestsSince: string;
  cacheFile: string;
}

function emptyCache(now: Date): CacheFile {
  return { version: 1, requests: { total: 0, since: now.toISOString() }, entries: {} };
}

async function readCache(file: string, now: Date, logger: Logger): Promise<CacheFile> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
      logger.warn('cannot read the Cost Explorer cache; starting a new one', { file, error: errorMessage(err) });
    return emptyCache(now);
  }
  try {
    const parsed = JSON.parse(text) as Partial<CacheFile>;
    if (parsed.version !== 1 || typeof parsed.entries !== 'object' || parsed.entries === null || typeof parsed.requests?.total !== 'number')
      throw new Error('unknown layout');
    return parsed as CacheFile;
  } catch (err) {
    // A damaged cache costs one refresh, never a failure.
    logger.warn('the Cost Explorer cache is damaged; starting a new one', { file, error: errorMessage(err) });
    return emptyCache(now);
  }
}

function cacheKey(accountId: string, endpoint: string | undefined, now: Date): string {
  const period = monthToDatePeriod(now);
  // The endpoint is part of the key so an emulator's numbers never stand in for the real account's.
  return [accountId, endpoint ?? 'aws', period.start, period.end].join('|');
}

function ceRequests(session: AwsSession): number {
  return session.requestCount(costAndUsageAction) + session.requestCount(costForecastAction);
}

/**
 * The cache tells whoever reads it the account id and what each service costs: 0700 folder, 0600
 * file, also when an older version (or the user) left them wider. Never a reason to fail the call.
 */
async function makeCachePrivate(dir: string, file: string, logger: Logger): Promise<void> {
  try {
    const left = await ensurePrivateDir(dir);
    if (left)
      logger.warn(`the Cost Explorer cache folder is readable by others: ${left}`, { dir, hint: 'keep the cache in a folder of your own (XDG_CACHE_HOME)' });
    await tightenPrivateFile(file);
  } catch (err) {
    logger.warn('cannot make the Cost Explorer cache private', { dir, error: errorMessage(err) });
  }
}

export async function getCostSummary(session: AwsSession, options: CostSummaryOptions): Promise<CachedCostSummary> {
  const logger = options.logger ?? silentLogger;
  const ttlMs = options.ttlMs ?? defaultCostCacheTtlMs;
  const file = path.join(options.cacheDir, costCacheFileName);
  const now = options.now();
  await makeCachePrivate(options.cacheDir, file, logger);
  const cache = await readCache(file, now, logger);
  const key = cacheKey(options.accountId, session.endpoint, now);
  const entry = cache.entries[key];
  const fetched = entry ? Date.parse(entry.fetchedAt) : NaN;
  // A fetch time in the future means the clock moved back: do not trust the entry.
  const fresh = entry !== undefined && fetched <= now.getTime() && now.getTime() - fetched < ttlMs;
  if (fresh && !options.force) {
    logger.info('Cost Explorer: using the cached summary', { fetchedAt: entry.fetchedAt, requests: 0, requestsTotal: cache.requests.total });
    return {
      summary: entry.summary,
      fromCache: true,
      fetchedAt: entry.fetchedAt,
      expiresAt: new Date(fetched + ttlMs).toISOString(),
      requests: 0,
      requestsTotal: cache.requests.total,
      requestsSince: cache.requests.since,
      cacheFile: file,
    };
  }

  const before = ceRequests(session);
  let summary: CostSummary | undefined;
  try {
    summary = await fetchCostSummary(session, options.accountId, now);
  } finally {
    // Requests are billed even when a later page fails, so the count is saved either way.
    const requests = ceRequests(session) - before;
    const latest = await readCache(file, now, silentLogger);
    latest.requests.total += requests;
    if (summary) latest.entries[key] = { fetchedAt: now.toISOString(), summary };
    for (const [k, e] of Object.entries(latest.entries)) if (!(now.getTime() - Date.parse(e.fetchedAt) < keepEntriesMs)) delete latest.entries[k];
    try {
      await writeFileAtomic(file, JSON.stringify(latest, null, 2) + '\n', { mode: privateFileMode });
    } catch (err) {
      logger.warn('cannot write the Cost Explorer cache; the next run will ask AWS again', { file, error: errorMessage(err) });
    }
    logger.info('Cost Explorer requests', {
      requests,
      estimatedCostUsd: Math.round(requests * costPerRequestUsd * 100) / 100,
      requestsTotal: latest.requests.total,
      since: latest.requests.since,
    });
    cache.requests = latest.requests;
  }
  const requests = ceRequests(session) - before;
  return {
    summary,
    fromCache: false,
    fetchedAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + ttlMs).toISOString(),
    requests,
    requestsTotal: cache.requests.total,
    requestsSince: cache.requests.since,
    cacheFile: file,
  };
}
