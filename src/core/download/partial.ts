import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../atomic-write';
import { finalFileOf, isDownloadLeftover, isPartialName, journalPathFor, partialPathFor } from '../mirror/layout';

/**
 * A download in progress keeps its bytes in `.<name>.partial` next to the final file and, once
 * some bytes are on disk for sure, a journal `.<name>.partial.json`: the URL, the ETag that
 * identifies the version being fetched, and how many bytes were flushed to disk. A later run
 * (after a kill -9, a reboot, a cancel or a failure) continues from there with `Range` +
 * `If-Range`, the way `wget -c` and `curl -C -` do; a changed ETag makes the server send the whole
 * new file instead. A partial without a usable journal cannot be continued and is removed.
 */
export interface PartialJournal {
  url: string;
  etag: string;
  lastModified?: string;
  /** Bytes flushed to disk (fdatasync) when the journal was written: known good. */
  bytes: number;
  /** The whole file's size, when the server announced it. */
  size?: number;
}

const journalMaxBytes = 4096;

/** A header value we can send back: visible ASCII and spaces only, bounded. */
export function isSendableHeaderValue(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= 1024 && /^[\x20-\x7e]+$/.test(value);
}

/** The journal of `file`'s partial, when it is intact and for this URL; else undefined. */
export async function readJournal(file: string, url: string): Promise<PartialJournal | undefined> {
  const journal = journalPathFor(file);
  let text: string;
  try {
    const stat = await fs.lstat(journal);
    if (!stat.isFile() || stat.size > journalMaxBytes) return undefined;
    text = await fs.readFile(journal, 'utf8');
  } catch {
    return undefined;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const j = value as PartialJournal;
  if (typeof j !== 'object' || j === null) return undefined;
  if (j.url !== url || !isSendableHeaderValue(j.etag) || !Number.isSafeInteger(j.bytes) || j.bytes <= 0) return undefined;
  if (j.size !== undefined && (!Number.isSafeInteger(j.size) || j.size < j.bytes)) return undefined;
  if (j.lastModified !== undefined && !isSendableHeaderValue(j.lastModified)) return undefined;
  return {
    url: j.url,
    etag: j.etag,
    bytes: j.bytes,
    ...(j.size !== undefined && { size: j.size }),
    ...(j.lastModified !== undefined && { lastModified: j.lastModified }),
  };
}

export async function writeJournal(file: string, journal: PartialJournal): Promise<void> {
  await writeFileAtomic(journalPathFor(file), JSON.stringify(journal) + '\n');
}

export async function removePartial(file: string): Promise<void> {
  await Promise.all([fs.rm(partialPathFor(file), { force: true }), fs.rm(journalPathFor(file), { force: true })]);
}

async function* leftovers(dir: string): AsyncGenerator<string> {
  let entries;
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    // Dot-folders are not the mirror's (the index store, metrics); links are never followed.
    if (entry.isDirectory() && !entry.name.startsWith('.')) yield* leftovers(full);
    else if (entry.isFile() && isDownloadLeftover(entry.name)) yield full;
  }
}

/**
 * Removes what downloads left in a mirror: temporary files always (the caller holds the mirror's
 * lock, so none is in use), partials that cannot be continued, and with `all` every partial (a
 * run that fetched everything it was asked for leaves nothing behind). Returns what it removed.
 */
export async function sweepLeftovers(root: string, options: { all: boolean }): Promise<string[]> {
  const removed: string[] = [];
  const found = new Set<string>();
  for await (const file of leftovers(root)) found.add(file);
  for (const file of found) {
    if (!options.all && isPartialName(file)) {
      const final = finalFileOf(file)!;
      const partial = partialPathFor(final);
      const journal = journalPathFor(final);
      if (found.has(partial) && found.has(journal) && (await journalLooksUsable(journal))) continue;
    }
    try {
      await fs.rm(file, { force: true });
      removed.push(file);
    } catch {
      // A read-only mirror keeps its leftovers; `verify` reports them.
    }
  }
  return removed;
}

async function journalLooksUsable(journal: string): Promise<boolean> {
  try {
    const j = JSON.parse(await fs.readFile(journal, 'utf8')) as PartialJournal;
    return typeof j.url === 'string' && isSendableHeaderValue(j.etag) && Number.isSafeInteger(j.bytes) && j.bytes > 0;
  } catch {
    return false;
  }
}
