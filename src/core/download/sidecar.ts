import { constants as fsConstants, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../atomic-write';
import { metaSidecarPath, sha256SidecarPath } from '../mirror/layout';

/** What `F.meta.json` records about a downloaded file `F`. */
export interface FileMeta {
  url: string;
  etag?: string;
  lastModified?: string;
  size: number;
  sha256: string;
  downloadedAt: string;
  offerCode?: string;
  version?: string;
  publicationDate?: string;
}

/** coreutils format: `<hex>  <name>` (two spaces = text mode), so `sha256sum -c F.sha256` checks F. */
export function formatSha256Line(hex: string, fileName: string): string {
  return `${hex}  ${fileName}\n`;
}

export function parseSha256Line(text: string): { sha256: string; fileName: string } | undefined {
  const match = /^([0-9a-f]{64}) [ *](.+)$/.exec(text.split('\n')[0]?.trim() ?? '');
  return match ? { sha256: match[1]!, fileName: match[2]! } : undefined;
}

function isMeta(value: unknown): value is FileMeta {
  const m = value as FileMeta;
  return (
    typeof m === 'object' &&
    m !== null &&
    typeof m.url === 'string' &&
    typeof m.sha256 === 'string' &&
    /^[0-9a-f]{64}$/.test(m.sha256) &&
    Number.isSafeInteger(m.size) &&
    m.size >= 0
  );
}

/**
 * The recorded state of `file`, or undefined when either sidecar is missing, malformed or the two
 * disagree: any doubt means "download again", never "trust it".
 */
export async function readSidecars(file: string): Promise<FileMeta | undefined> {
  let metaText: string;
  let shaText: string;
  try {
    [metaText, shaText] = await Promise.all([readSmallFile(metaSidecarPath(file)), readSmallFile(sha256SidecarPath(file))]);
  } catch {
    return undefined;
  }
  let meta: unknown;
  try {
    meta = JSON.parse(metaText);
  } catch {
    return undefined;
  }
  const line = parseSha256Line(shaText);
  if (!isMeta(meta) || !line || line.sha256 !== meta.sha256 || line.fileName !== path.basename(file)) return undefined;
  return meta;
}

/** Sidecars are a few hundred bytes; anything else in their place (a FIFO, /dev/zero, a huge file) is not one. */
const maxSidecarBytes = 64 * 1024;

async function readSmallFile(file: string): Promise<string> {
  // O_NONBLOCK: a FIFO under a sidecar's name must not block the read forever.
  const handle = await fs.open(file, fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0));
  try {
    const stat = await handle.stat();
    if (!stat.isFile() || stat.size > maxSidecarBytes) throw new Error(`${file} is not a sidecar`);
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}

/** Writes `.sha256` then `.meta.json`, each atomically. */
export async function writeSidecars(file: string, meta: FileMeta): Promise<void> {
  await writeFileAtomic(sha256SidecarPath(file), formatSha256Line(meta.sha256, path.basename(file)));
  const ordered: FileMeta = {
    url: meta.url,
    ...(meta.etag !== undefined && { etag: meta.etag }),
    ...(meta.lastModified !== undefined && { lastModified: meta.lastModified }),
    size: meta.size,
    sha256: meta.sha256,
    downloadedAt: meta.downloadedAt,
    ...(meta.offerCode !== undefined && { offerCode: meta.offerCode }),
    ...(meta.version !== undefined && { version: meta.version }),
    ...(meta.publicationDate !== undefined && { publicationDate: meta.publicationDate }),
  };
  await writeFileAtomic(metaSidecarPath(file), JSON.stringify(ordered, null, 2) + '\n');
}
