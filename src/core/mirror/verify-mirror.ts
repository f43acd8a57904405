import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { checkContent } from '../download/content-check';
import { offerHeaderBytes } from '../download/offer-header';
import { isBulkApiPath, isDownloadLeftover, isSidecar, validateUrlOf } from './layout';
import { createLimiter } from '../download/limiter';
import type { Sha256Pool } from '../download/sha256-pool';
import { readSidecars } from '../download/sidecar';

/**
 * `stray`: a temporary file or partial a download left (the next download continues or removes
 * it); `not-price-list`: the bytes match their sidecars but are not a price list (a captive
 * portal's page saved by an older version).
 */
export type VerifyStatus = 'ok' | 'changed' | 'no-sidecar' | 'not-price-list' | 'stray';

export interface VerifyEntry {
  /** Path inside the mirror, with forward slashes. */
  path: string;
  status: VerifyStatus;
  size: number;
  sha256?: string;
  expected?: string;
}

async function* walk(dir: string, skip: (name: string) => boolean): AsyncGenerator<string> {
  let entries;
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name, 'en'))) {
    if (skip(entry.name)) continue;
    const full = path.join(dir, entry.name);
    // Links are not followed: a mirror holds files, and a link could point anywhere.
    if (entry.isDirectory()) yield* walk(full, skip);
    else if (entry.isFile()) yield full;
  }
}

/**
 * Checks every file of a mirror against its `.sha256` / `.meta.json` sidecars, offline: what
 * `sha256sum -c` does file by file, for the whole tree at once.
 */
export async function verifyMirror(
  dir: string,
  options: { hashes: Sha256Pool; concurrency?: number; onEntry?: (entry: VerifyEntry) => void },
): Promise<VerifyEntry[]> {
  const root = path.resolve(dir);
  const limit = createLimiter(options.concurrency ?? 2);
  const jobs: Array<Promise<VerifyEntry>> = [];
  // Dot-entries are ours, not the mirror's: .metrics, the default index store (.index), the lock;
  // leftovers of downloads are dot-files too, and are reported on their own.
  const skip = (name: string): boolean => (name.startsWith('.') && !isDownloadLeftover(name)) || isSidecar(name);
  for await (const file of walk(root, skip)) {
    jobs.push(
      limit(async () => {
        const rel = path.relative(root, file).split(path.sep).join('/');
        const stat = await fs.lstat(file);
        if (isDownloadLeftover(path.basename(file))) {
          const entry: VerifyEntry = { path: rel, status: 'stray', size: stat.size };
          options.onEntry?.(entry);
          return entry;
        }
        const meta = await readSidecars(file);
        let entry: VerifyEntry;
        if (!meta) {
          entry = { path: rel, status: 'no-sidecar', size: stat.size };
        } else {
          const sha256 = stat.size === meta.size ? await options.hashes.hashFile(file) : undefined;
          entry = { path: rel, status: sha256 === meta.sha256 ? 'ok' : 'changed', size: stat.size, sha256, expected: meta.sha256 };
          if (entry.status === 'ok' && !(await looksLikePriceList(file, '/' + rel, stat.size))) entry.status = 'not-price-list';
        }
        options.onEntry?.(entry);
        return entry;
      }),
    );
  }
  return Promise.all(jobs);
}

/** The same check a download makes before it keeps a file (content-check), for files already on disk. */
async function looksLikePriceList(file: string, urlPath: string, size: number): Promise<boolean> {
  if (!isBulkApiPath(urlPath)) return true;
  let isOffer = true;
  try {
    validateUrlOf('offer', urlPath);
  } catch {
    isOffer = false;
  }
  const handle = await fs.open(file, 'r');
  try {
    const head = Buffer.alloc(Math.min(size, offerHeaderBytes));
    await handle.read(head, 0, head.length, 0);
    await checkContent({ url: '', urlPath, file, kind: isOffer ? 'offer' : 'index' }, handle, size, head);
    return true;
  } catch {
    return false;
  } finally {
    await handle.close();
  }
}
