import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { isTempFile } from '../atomic-write';
import { createLimiter } from './limiter';
import type { Sha256Pool } from './sha256-pool';
import { isSidecar, readSidecars } from './sidecar';

export type VerifyStatus = 'ok' | 'changed' | 'no-sidecar';

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
  // Metrics and temporary files are ours, not part of the mirror.
  // Dot-entries are ours, not the mirror's: .metrics, the default index store (.index), temp files.
  const skip = (name: string): boolean => name.startsWith('.') || isTempFile(name) || isSidecar(name);
  for await (const file of walk(root, skip)) {
    jobs.push(
      limit(async () => {
        const rel = path.relative(root, file).split(path.sep).join('/');
        const [meta, stat] = await Promise.all([readSidecars(file), fs.stat(file)]);
        let entry: VerifyEntry;
        if (!meta) {
          entry = { path: rel, status: 'no-sidecar', size: stat.size };
        } else {
          const sha256 = stat.size === meta.size ? await options.hashes.hashFile(file) : undefined;
          entry = { path: rel, status: sha256 === meta.sha256 ? 'ok' : 'changed', size: stat.size, sha256, expected: meta.sha256 };
        }
        options.onEntry?.(entry);
        return entry;
      }),
    );
  }
  return Promise.all(jobs);
}
