/**
 * Building the store: read an offer file into parts and write them, each atomically, under
 * `<store>/prices-v1/<region>/<offerCode>.idx`. Nothing is written until the whole file has
 * parsed, so a truncated or malformed file leaves the previous index as it was.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../../atomic-write';
import { PriceAtlasError } from '../../errors';
import { readOfferFile } from '../../offers/offer-reader';
import { openRegularFile } from '../../offers/regular-file';
import type { OfferFileFormat } from '../../offers/offer-reader';
import { isRegionCode } from '../../regions';
import { isOfferFileName, isVersionId, offerCodeFromPath, offerRoots, regionFromPath } from '../../mirror/layout';
import { readSidecars } from '../../download/sidecar';
import { createSha256Pool } from '../../download/sha256-pool';
import { IndexBuilder } from './index-builder';
import type { BuildStats, IndexPart } from './index-builder';
import { indexedOfferCodes, kindNames, offerCodeForKind, savingsPlanOfferCode } from '../price-types';
import { encodePart } from '../part-file';
import { partPath } from '../store-layout';

export interface IndexFileResult {
  file: string;
  format: OfferFileFormat;
  gzip: boolean;
  bytes: number;
  parsedBytes: number;
  seconds: number;
  offerCode: string;
  version: string;
  publicationDate: string;
  sha256: string;
  /** Regions written, with how many records (or Savings Plans rates) each. */
  regions: { region: string; entries: number; path: string }[];
  stats: BuildStats;
}

/** One part an indexed file is about to write. */
export interface PartTarget {
  region: string;
  offerCode: string;
}

export interface IndexFileOptions {
  signal?: AbortSignal;
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  now?: () => Date;
  /**
   * Asked once the file has parsed, before any part is written; throws to refuse. A build of many
   * files uses it so two files never write the same part (the last one would silently win).
   */
  claim?: (targets: PartTarget[]) => Promise<void>;
}

/**
 * Each part holds one offer's prices, so lookups that read the EC2 part see only EC2 prices. A
 * file filed under another offer, or holding another offer's kind of prices, is refused whole.
 */
function checkOfferCode(file: string, offerCode: string, parts: readonly IndexPart[]): void {
  const filed = offerCodeFromPath(file);
  if (filed !== undefined && filed in indexedOfferCodes && filed !== offerCode) {
    throw new PriceAtlasError(
      `${file} says it is ${offerCode} but is filed under ${filed}: its prices would go into the wrong part of the index, so it is refused`,
      `a copied or renamed file does not belong in the mirror: download ${filed} again`,
      { remedy: { kind: 'download', services: [filed], regions: [], missing: 'file' } },
    );
  }
  for (const part of parts) {
    const stray = part.records.find((r) => offerCodeForKind[r.kind] !== offerCode);
    if (stray) {
      const real = offerCodeForKind[stray.kind];
      const kinds = [...new Set(part.records.filter((r) => offerCodeForKind[r.kind] === real).map((r) => kindNames[r.kind]))].join(', ');
      throw new PriceAtlasError(
        `${file} holds ${real} prices (${kinds}) but says it is ${offerCode}: they are refused rather than filed under the wrong offer`,
        `index the ${real} offer file for those prices`,
      );
    }
  }
}

async function sidecarHash(file: string): Promise<string | undefined> {
  const [meta, stat] = await Promise.all([readSidecars(file).catch(() => undefined), fs.stat(file)]);
  // The downloader hashed these bytes already; trust it only while the size still matches.
  return meta && meta.size === stat.size ? meta.sha256 : undefined;
}

export async function indexOfferFile(file: string, store: string, options: IndexFileOptions = {}): Promise<IndexFileResult> {
  const started = process.hrtime.bigint();
  // Before anything opens it by name (the hash pool, the reader): a FIFO would block them for good.
  await (await openRegularFile(file)).handle.close();
  const known = await sidecarHash(file);
  const builder = new IndexBuilder(regionFromPath(file));
  // Without a sidecar the file is hashed on another thread while this one parses it.
  const pool = known === undefined ? createSha256Pool('worker') : undefined;
  let sha256: string;
  let read: Awaited<ReturnType<typeof readOfferFile>>;
  try {
    const hashing = pool?.hashFile(file);
    hashing?.catch(() => undefined);
    read = await readOfferFile(file, builder, { signal: options.signal, onProgress: options.onProgress });
    sha256 = known ?? (await hashing) ?? '';
  } finally {
    await pool?.close();
  }
  const header = builder.header;
  const parts0 = builder.finish({ offerCode: '', version: header.version ?? '', publicationDate: header.publicationDate ?? '', sha256 });
  const isSavingsPlans = parts0.some((p) => p.type === 'savingsPlans') || /SavingsPlan/.test(header.offerCode ?? '');
  const offerCode = isSavingsPlans ? savingsPlanOfferCode : (header.offerCode ?? '');
  if (!offerCode)
    throw new PriceAtlasError(`${file} does not say which offer it is (no offerCode)`, 'index the files a download wrote, which keep AWS’s layout', {
      remedy: { kind: 'download', services: [], regions: [], missing: 'file' },
    });
  checkOfferCode(file, offerCode, parts0);
  for (const part of parts0) {
    part.source.offerCode = offerCode;
    if (!part.region) {
      throw new PriceAtlasError(
        `${file}: cannot tell which region these prices are for`,
        'Keep the mirror layout (…/<version>/<region>/index.json) or index a file whose products carry regionCode.',
      );
    }
  }
  const builtAt = (options.now ?? (() => new Date()))();
  const regions: IndexFileResult['regions'] = [];
  // Every part is encoded before any is written: a failure here leaves the store untouched.
  const encoded = parts0.map((part) => ({ part, bytes: encodePart(part, builtAt), path: partPath(store, part.region, offerCode) }));
  await options.claim?.(encoded.map(({ part }) => ({ region: part.region, offerCode })));
  for (const { part, bytes, path: target } of encoded) {
    await writeFileAtomic(target, bytes);
    regions.push({ region: part.region, entries: part.type === 'offer' ? part.records.length : part.savingsPlans.length, path: target });
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return {
    file,
    format: read.format,
    gzip: read.gzip,
    bytes: read.bytes,
    parsedBytes: read.parsedBytes,
    seconds,
    offerCode,
    version: header.version ?? '',
    publicationDate: header.publicationDate ?? '',
    sha256,
    regions,
    stats: builder.stats,
  };
}

export interface FoundOfferFile {
  file: string;
  offerCode: string;
  region: string;
  version: string;
}

/**
 * The regional offer files of a mirror made by `download` that the index can use: for each offer
 * and region, the newest version, JSON preferred over CSV when both are there.
 */
export async function findMirrorOfferFiles(dir: string): Promise<FoundOfferFile[]> {
  const found = new Map<string, FoundOfferFile & { rank: string }>();
  const roots = offerRoots.map((parts) => path.join(dir, ...parts));
  for (const root of roots) {
    for (const code of await listDirs(root)) {
      if (!(code in indexedOfferCodes)) continue;
      for (const version of await listDirs(path.join(root, code))) {
        if (!isVersionId(version)) continue;
        for (const region of await listDirs(path.join(root, code, version))) {
          if (!isRegionCode(region)) continue;
          const folder = path.join(root, code, version, region);
          for (const name of await fs.readdir(folder).catch(() => [] as string[])) {
            if (!isOfferFileName(name)) continue;
            const key = `${code}/${region}`;
            // Newest version first, then JSON before CSV, then plain before gzip.
            const rank = `${version}${name.includes('.json') ? 1 : 0}${name.endsWith('.gz') ? 0 : 1}`;
            const prev = found.get(key);
            if (!prev || rank > prev.rank) found.set(key, { file: path.join(folder, name), offerCode: code, region, version, rank });
          }
        }
      }
    }
  }
  return [...found.values()].map(({ rank: _rank, ...f }) => f).sort((a, b) => a.file.localeCompare(b.file));
}

async function listDirs(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isDirectory()).map((e) => e.name);
}
