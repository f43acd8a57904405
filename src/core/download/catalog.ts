import { promises as fs } from 'node:fs';
import { PriceAtlasError, UnsafeNameError, UsageError } from '../errors';
import { mirrorPath, offerIndexPath, validateOfferCode, validateRegionCode, validateUrlOf, versionFromPath } from '../mirror/layout';
import type { UrlRole } from '../mirror/layout';
import { optionRemedy } from '../remedy';

/**
 * AWS's chain of index files (docs/aws-formats.md §1): offer index → per service a version index,
 * a region index (`regions` object, `currentVersionUrl`) and optionally a Savings Plans region
 * index (`regions` array, `versionUrl`). Every URL inside is a path relative to the endpoint.
 * Entries that fail validation are set aside in `rejected` with the reason, never used.
 */

export interface Rejection {
  entry: string;
  reason: string;
}

export interface OfferEntry {
  offerCode: string;
  currentVersionUrl: string;
  versionIndexUrl?: string;
  currentRegionIndexUrl?: string;
  savingsPlanVersionIndexUrl?: string;
  currentSavingsPlanIndexUrl?: string;
}

export interface OfferIndex {
  publicationDate?: string;
  offers: OfferEntry[];
  rejected: Rejection[];
}

export interface RegionEntry {
  regionCode: string;
  url: string;
}

export interface RegionIndex {
  publicationDate?: string;
  regions: RegionEntry[];
  rejected: Rejection[];
}

export interface VersionEntry {
  version: string;
  url: string;
  effectiveBeginDate?: string;
  effectiveEndDate?: string;
  current: boolean;
}

export interface VersionIndex {
  offerCode?: string;
  publicationDate?: string;
  currentVersion?: string;
  versions: VersionEntry[];
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function notAnIndex(what: string, detail: string): PriceAtlasError {
  return new PriceAtlasError(
    `not ${what}: ${detail}`,
    'check that the endpoint serves AWS price lists (default https://pricing.us-east-1.amazonaws.com) or a mirror of them',
    { remedy: optionRemedy('endpoint') },
  );
}

function reasonOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

const offerUrlRoles: ReadonlyArray<readonly [Exclude<keyof OfferEntry, 'offerCode' | 'currentVersionUrl'>, UrlRole]> = [
  ['versionIndexUrl', 'version-index'],
  ['currentRegionIndexUrl', 'region-index'],
  ['savingsPlanVersionIndexUrl', 'version-index'],
  ['currentSavingsPlanIndexUrl', 'region-index'],
];

/** Validates one URL field, naming the field in the refusal so the user can find it in the index. */
function fieldUrl(field: string, role: UrlRole, value: unknown): string {
  try {
    return validateUrlOf(role, value);
  } catch (err) {
    if (err instanceof UnsafeNameError) throw new UnsafeNameError(`${field}: ${err.message}`, err.hint);
    throw err;
  }
}

export function parseOfferIndex(json: unknown): OfferIndex {
  if (!isObject(json) || !isObject(json.offers)) throw notAnIndex('an offer index', 'no `offers` object');
  const offers: OfferEntry[] = [];
  const rejected: Rejection[] = [];
  for (const [key, raw] of Object.entries(json.offers)) {
    try {
      if (!isObject(raw)) throw new UnsafeNameError('entry is not an object');
      const offerCode = validateOfferCode(raw.offerCode ?? key);
      if (offerCode !== key) throw new UnsafeNameError(`key ${JSON.stringify(key)} and offerCode ${JSON.stringify(offerCode)} differ`);
      const entry: OfferEntry = { offerCode, currentVersionUrl: fieldUrl('currentVersionUrl', 'offer', raw.currentVersionUrl) };
      for (const [field, role] of offerUrlRoles) {
        if (raw[field] !== undefined) entry[field] = fieldUrl(field, role, raw[field]);
      }
      offers.push(entry);
    } catch (err) {
      rejected.push({ entry: key.slice(0, 120), reason: reasonOf(err) });
    }
  }
  offers.sort((a, b) => a.offerCode.localeCompare(b.offerCode, 'en'));
  return { publicationDate: optionalString(json.publicationDate), offers, rejected };
}

function sortRegions(regions: RegionEntry[]): RegionEntry[] {
  return regions.sort((a, b) => a.regionCode.localeCompare(b.regionCode, 'en'));
}

/** A service's region index: `regions` is an object keyed by region code. */
export function parseRegionIndex(json: unknown): RegionIndex {
  if (!isObject(json) || !isObject(json.regions)) throw notAnIndex('a region index', 'no `regions` object');
  const regions: RegionEntry[] = [];
  const rejected: Rejection[] = [];
  for (const [key, raw] of Object.entries(json.regions)) {
    try {
      if (!isObject(raw)) throw new UnsafeNameError('entry is not an object');
      const regionCode = validateRegionCode(raw.regionCode ?? key);
      if (regionCode !== key) throw new UnsafeNameError(`key ${JSON.stringify(key)} and regionCode ${JSON.stringify(regionCode)} differ`);
      regions.push({ regionCode, url: validateUrlOf('offer', raw.currentVersionUrl) });
    } catch (err) {
      rejected.push({ entry: key.slice(0, 120), reason: reasonOf(err) });
    }
  }
  return { publicationDate: optionalString(json.publicationDate), regions: sortRegions(regions), rejected };
}

/** A Savings Plans region index: `regions` is an array and the key is `versionUrl`. */
export function parseSavingsPlanRegionIndex(json: unknown): RegionIndex {
  if (!isObject(json) || !Array.isArray(json.regions)) throw notAnIndex('a Savings Plans region index', 'no `regions` array');
  const regions: RegionEntry[] = [];
  const rejected: Rejection[] = [];
  const seen = new Set<string>();
  json.regions.forEach((raw: unknown, i: number) => {
    try {
      if (!isObject(raw)) throw new UnsafeNameError('entry is not an object');
      const regionCode = validateRegionCode(raw.regionCode);
      if (seen.has(regionCode)) throw new UnsafeNameError(`region ${regionCode} listed twice`);
      seen.add(regionCode);
      regions.push({ regionCode, url: validateUrlOf('offer', raw.versionUrl) });
    } catch (err) {
      // Named by its region when that much is readable, so a requested region's refusal is seen as such.
      const named = isObject(raw) && typeof raw.regionCode === 'string' && /^[a-z0-9-]{1,40}$/.test(raw.regionCode) ? raw.regionCode : `regions[${i}]`;
      rejected.push({ entry: named, reason: reasonOf(err) });
    }
  });
  return { publicationDate: optionalString(json.publicationDate), regions: sortRegions(regions), rejected };
}

/** A service's version index. Its `versions` keys are not in order; newest first here. */
export function parseVersionIndex(json: unknown): VersionIndex {
  if (!isObject(json) || !isObject(json.versions)) throw notAnIndex('a version index', 'no `versions` object');
  const currentVersion = optionalString(json.currentVersion);
  const versions: VersionEntry[] = [];
  for (const [version, raw] of Object.entries(json.versions)) {
    if (!isObject(raw)) continue;
    try {
      versions.push({
        version: validateOfferCode(version),
        url: validateUrlOf('offer', raw.offerVersionUrl),
        effectiveBeginDate: optionalString(raw.versionEffectiveBeginDate),
        effectiveEndDate: optionalString(raw.versionEffectiveEndDate),
        current: version === currentVersion,
      });
    } catch {
      // A malformed historical entry does not make the rest unusable.
    }
  }
  versions.sort((a, b) => b.version.localeCompare(a.version, 'en'));
  return { offerCode: optionalString(json.offerCode), publicationDate: optionalString(json.publicationDate), currentVersion, versions };
}

/** The Savings Plans version index: `versions` is an array of `{publicationDate, offerVersionUrl}`. */
export function parseSavingsPlanVersionIndex(json: unknown): VersionIndex {
  if (!isObject(json) || !Array.isArray(json.versions)) throw notAnIndex('a Savings Plans version index', 'no `versions` array');
  const versions: VersionEntry[] = [];
  for (const raw of json.versions as unknown[]) {
    if (!isObject(raw)) continue;
    try {
      const url = validateUrlOf('region-index', raw.offerVersionUrl);
      versions.push({
        version: versionFromPath(url) ?? optionalString(raw.publicationDate) ?? url,
        url,
        effectiveBeginDate: optionalString(raw.publicationDate),
        current: false,
      });
    } catch {
      // As above: skip the bad entry, keep the rest.
    }
  }
  versions.sort((a, b) => b.version.localeCompare(a.version, 'en'));
  return { publicationDate: optionalString(json.publicationDate), versions };
}

/** Finds a service by its exact code; on a miss, says which codes are close. */
export function findOffer(index: OfferIndex, code: string): OfferEntry {
  const hit = index.offers.find((o) => o.offerCode === code);
  if (hit) return hit;
  const lower = code.toLowerCase();
  const close = index.offers.filter(
    (o) => o.offerCode.toLowerCase() === lower || o.offerCode.toLowerCase().includes(lower) || lower.includes(o.offerCode.toLowerCase()),
  );
  throw new UsageError(
    `no service ${JSON.stringify(code)} in the offer index`,
    close.length > 0
      ? `did you mean ${close
          .slice(0, 5)
          .map((o) => o.offerCode)
          .join(', ')}? Offer codes are case-sensitive`
      : 'offer codes are case-sensitive',
    { remedy: { kind: 'list', of: 'services' } },
  );
}

/** The largest index file read (the offer index is ~80 KB, EC2's version index a few hundred KB). */
export const indexFileMaxBytes = 16 << 20;

/** Where index documents come from: the endpoint over HTTP, or a mirror folder on disk. */
export interface CatalogSource {
  readonly description: string;
  getJson(urlPath: string): Promise<unknown>;
}

export function mirrorSource(dir: string): CatalogSource {
  return {
    description: dir,
    async getJson(urlPath) {
      const file = mirrorPath(dir, urlPath);
      let text: string;
      try {
        // Index files are kilobytes, and a repository may commit one as a link to /dev/zero.
        const stat = await fs.lstat(file);
        if (!stat.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'ENOTREG' });
        if (stat.size > indexFileMaxBytes) throw Object.assign(new Error(`${stat.size} bytes is too large for an index file`), { code: 'EFBIG' });
        text = await fs.readFile(file, 'utf8');
      } catch (err) {
        throw new PriceAtlasError(`${file} is not in the mirror (${(err as NodeJS.ErrnoException).code ?? 'unreadable'})`, undefined, {
          remedy: { kind: 'download', services: [], regions: [], missing: 'file' },
        });
      }
      try {
        return JSON.parse(text) as unknown;
      } catch (err) {
        throw new PriceAtlasError(`${file} is not valid JSON: ${(err as Error).message}`, 'it is replaced by downloading it again', {
          remedy: { kind: 'download', services: [], regions: [], missing: 'file' },
        });
      }
    },
  };
}

export async function loadOfferIndex(source: CatalogSource): Promise<OfferIndex> {
  return parseOfferIndex(await source.getJson(offerIndexPath));
}

function requireUrl(offer: OfferEntry, field: keyof OfferEntry, what: string): string {
  const url = offer[field];
  if (!url)
    throw new PriceAtlasError(
      `${offer.offerCode} has no ${what} in the offer index`,
      field === 'currentSavingsPlanIndexUrl' ? 'only some services (EC2, Lambda, ECS/EKS via Fargate, SageMaker) have Savings Plans' : undefined,
    );
  return url;
}

export async function loadRegionIndex(source: CatalogSource, offer: OfferEntry): Promise<RegionIndex> {
  return parseRegionIndex(await source.getJson(requireUrl(offer, 'currentRegionIndexUrl', 'region index')));
}

export async function loadSavingsPlanRegionIndex(source: CatalogSource, offer: OfferEntry): Promise<RegionIndex> {
  return parseSavingsPlanRegionIndex(await source.getJson(requireUrl(offer, 'currentSavingsPlanIndexUrl', 'Savings Plans region index')));
}

export async function loadVersionIndex(source: CatalogSource, offer: OfferEntry): Promise<VersionIndex> {
  return parseVersionIndex(await source.getJson(requireUrl(offer, 'versionIndexUrl', 'version index')));
}
