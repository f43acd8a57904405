/**
 * Every path rule of the mirror, in one place: the bulk API's URL shapes and where each lands on
 * disk, the names of the files we keep next to AWS's (sidecars, partials, the lock, metrics), and
 * the CLI's default folders. A mirror is AWS's tree copied as-is, so a team endpoint can serve it
 * unchanged; everything here follows from that.
 */
import * as path from 'node:path';
import { UnsafeNameError } from '../errors';
import { isRegionCode } from '../regions';
import { isTempFile } from '../atomic-write';

// AWS offer codes (`AmazonEC2`, `comprehend`, `AWSLambda`), region codes (`us-east-1`,
// `us-east-1-wl1-atl1`), versions (`20250912225308`) and file names (`index.json`) all fit this.
// Anything else coming from the network is refused rather than "cleaned": a mirror must hold exactly
// what the endpoint names, and a name that needed cleaning is a sign the index is not AWS's.
const segmentPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
// eslint-disable-next-line no-control-regex
const controlChars = /[\u0000-\u001f\u007f]/;

function describe(value: unknown): string {
  return JSON.stringify(value)?.slice(0, 120) ?? String(value);
}

function checkName(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new UnsafeNameError(`${what} is missing or not a string: ${describe(value)}`);
  }
  if (controlChars.test(value)) {
    throw new UnsafeNameError(`${what} ${describe(value)} contains control characters; refused`);
  }
  if (value.includes('/') || value.includes('\\')) {
    throw new UnsafeNameError(`${what} ${describe(value)} contains a path separator; refused`);
  }
  if (value === '.' || value === '..' || value.includes('..')) {
    throw new UnsafeNameError(`${what} ${describe(value)} contains '..'; refused`);
  }
  if (!segmentPattern.test(value)) {
    throw new UnsafeNameError(`${what} ${describe(value)} has characters AWS does not use (letters, digits, '.', '_', '-'); refused`);
  }
  return value;
}

export function validateOfferCode(code: unknown): string {
  return checkName(code, 'offer code');
}

export function validateRegionCode(code: unknown): string {
  return checkName(code, 'region code');
}

/**
 * A URL path from an index file, relative to the endpoint (`/offers/v1.0/aws/...`). Returns it
 * unchanged when every segment is a plain name; throws otherwise.
 */
export function validateUrlPath(urlPath: unknown): string {
  if (typeof urlPath !== 'string' || urlPath.length === 0) {
    throw new UnsafeNameError(`URL path is missing or not a string: ${describe(urlPath)}`);
  }
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(urlPath) || urlPath.startsWith('//')) {
    throw new UnsafeNameError(`URL ${describe(urlPath)} is absolute; index files must give paths relative to the endpoint`);
  }
  if (!urlPath.startsWith('/')) {
    throw new UnsafeNameError(`URL path ${describe(urlPath)} does not start with '/'; refused`);
  }
  if (/[?#%\\]/.test(urlPath) || controlChars.test(urlPath)) {
    throw new UnsafeNameError(`URL path ${describe(urlPath)} has a query, fragment, escape or control character; refused`);
  }
  const segments = urlPath.slice(1).split('/');
  for (const segment of segments) {
    if (segment === '') {
      throw new UnsafeNameError(`URL path ${describe(urlPath)} has an empty segment; refused`);
    }
    checkName(segment, `path segment of ${describe(urlPath)}:`);
  }
  return urlPath;
}

/**
 * The kinds of file the bulk API serves, each with the one shape AWS gives it. A name inside an
 * index file picks where a file lands in the mirror, so a shape check is what keeps an endpoint
 * from writing `/config` or `/authorized_keys` at the mirror's root: every file we write is under
 * `offers/v1.0/aws/` or `savingsPlan/v1.0/aws/` and is called `index.json`, `region_index.json`
 * or `index.csv`.
 */
export type UrlRole = 'offer-index' | 'version-index' | 'region-index' | 'offer';

const seg = '[A-Za-z0-9][A-Za-z0-9._-]{0,127}';
const version = '(?:current|\\d{14})';
const urlShapes: Record<UrlRole, RegExp> = {
  'offer-index': /^\/offers\/v1\.0\/aws\/index\.json$/,
  // Services: `<code>/index.json`; Savings Plans: `<code>/current/index.json`.
  'version-index': new RegExp(`^/(?:offers/v1\\.0/aws/${seg}/index\\.json|savingsPlan/v1\\.0/aws/${seg}/current/index\\.json)$`),
  'region-index': new RegExp(`^/(?:offers|savingsPlan)/v1\\.0/aws/${seg}/${version}/region_index\\.json$`),
  // A whole offer (`<code>/<version>/index.json`) or a region's (`<code>/<version>/<region>/index.json`).
  offer: new RegExp(`^/(?:offers|savingsPlan)/v1\\.0/aws/${seg}/${version}(?:/${seg})?/index\\.(?:json|csv)$`),
};

const roleNames: Record<UrlRole, string> = {
  'offer-index': 'the offer index (/offers/v1.0/aws/index.json)',
  'version-index': 'a version index (/offers/v1.0/aws/<service>/index.json)',
  'region-index': 'a region index (/offers/v1.0/aws/<service>/current/region_index.json)',
  offer: 'an offer file (/offers/v1.0/aws/<service>/<version>/<region>/index.json)',
};

/** A URL path that must name a file of `role` in the bulk API's layout; throws otherwise. */
export function validateUrlOf(role: UrlRole, urlPath: unknown): string {
  const safe = validateUrlPath(urlPath);
  if (!urlShapes[role].test(safe)) {
    throw new UnsafeNameError(`URL path ${describe(safe)} is not the shape of ${roleNames[role]}; refused`);
  }
  return safe;
}

/** True when a URL path has one of the bulk API's shapes (any role). */
export function isBulkApiPath(urlPath: string): boolean {
  return (Object.keys(urlShapes) as UrlRole[]).some((role) => urlShapes[role].test(urlPath));
}

/**
 * Where a URL path lands in the mirror folder. Validated, then checked once more after resolution so
 * that no input, however it slipped through, can name a file outside `outputDir`.
 */
export function mirrorPath(outputDir: string, urlPath: string): string {
  const safe = validateUrlPath(urlPath);
  const root = path.resolve(outputDir);
  const target = path.resolve(root, ...safe.slice(1).split('/'));
  const relative = path.relative(root, target);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
    throw new UnsafeNameError(`URL path ${describe(urlPath)} would land outside ${root}; refused`);
  }
  return target;
}

// The bulk API's own files, as the mirror keeps them.

/** AWS serves every offer file in both formats. */
export type OfferFormat = 'json' | 'csv';

/** The folders offers live under: services and Savings Plans, in AWS's partition and China's. */
export const offerRoots: readonly (readonly string[])[] = [
  ['offers', 'v1.0', 'aws'],
  ['offers', 'v1.0', 'cn'],
  ['savingsPlan', 'v1.0', 'aws'],
  ['savingsPlan', 'v1.0', 'cn'],
];

/** A published version's id: its 14-digit timestamp (`20250912225308`). */
export function isVersionId(name: string): boolean {
  return /^\d{14}$/.test(name);
}

/** The names an offer file has in a version's region folder. */
export function isOfferFileName(name: string): boolean {
  return /^index\.(json|csv)(\.gz)?$/.test(name);
}

/** The same region's file in another version: `<code>/<version>/<region>/<name>` with `version` swapped. */
export function otherVersionPath(file: string, version: string): string {
  const regionDir = path.dirname(file);
  return path.join(path.dirname(path.dirname(regionDir)), version, path.basename(regionDir), path.basename(file));
}

/** The folder holding every version of a region file's offer (`.../<code>/`). */
export function versionsDirOf(file: string): string {
  return path.dirname(path.dirname(path.dirname(file)));
}

/** The offer index, the root of AWS's chain of index files. */
export const offerIndexPath = '/offers/v1.0/aws/index.json';

/** AWS serves every offer file as JSON and as CSV under the same path with the other extension. */
export function withFormat(urlPath: string, format: OfferFormat): string {
  if (!urlPath.endsWith('.json')) throw new UnsafeNameError(`offer URL ${JSON.stringify(urlPath)} does not end in .json`);
  return format === 'json' ? urlPath : urlPath.slice(0, -'.json'.length) + '.csv';
}

/** The 14-digit version id in a versioned path (`/offers/v1.0/aws/AmazonEC2/20250912225308/...`). */
export function versionFromPath(urlPath: string): string | undefined {
  return /\/(\d{14})\//.exec(urlPath)?.[1];
}

/** The region a mirror path names: `.../<version>/<region>/index.json`. */
export function regionFromPath(file: string): string | undefined {
  const parent = path.basename(path.dirname(file));
  return isRegionCode(parent) ? parent : undefined;
}

/** The offer a mirror path files a file under: `.../v1.0/aws/<offerCode>/<version>/<region>/index.json`. */
export function offerCodeFromPath(file: string): string | undefined {
  const parts = path.resolve(file).split(path.sep);
  const [v1, , code, version, region] = parts.slice(-6, -1);
  if (v1 !== 'v1.0' || !isVersionId(version ?? '') || !isRegionCode(region ?? '')) return undefined;
  return code;
}

// Files we keep next to them: sidecars, partial downloads, the lock, metrics.

export function sha256SidecarPath(file: string): string {
  return `${file}.sha256`;
}

export function metaSidecarPath(file: string): string {
  return `${file}.meta.json`;
}

export function isSidecar(name: string): boolean {
  return name.endsWith('.sha256') || name.endsWith('.meta.json');
}

export function partialPathFor(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.partial`);
}

export function journalPathFor(file: string): string {
  return `${partialPathFor(file)}.json`;
}

export function isPartialName(name: string): boolean {
  return /^\..+\.partial(\.json)?$/.test(path.basename(name));
}

/** Files a download leaves while it runs: temporary files, partials and their journals. */
export function isDownloadLeftover(name: string): boolean {
  return isTempFile(name) || isPartialName(name);
}

/** The final file a partial or journal belongs to. */
export function finalFileOf(leftover: string): string | undefined {
  const match = /^\.(.+)\.partial(?:\.json)?$/.exec(path.basename(leftover));
  return match ? path.join(path.dirname(leftover), match[1]!) : undefined;
}

/** The lock `mirror-lock.ts` holds while a run writes the mirror. */
export const lockFileName = '.price-atlas.lock';

/** Where a run's metrics go by default, inside the output folder (a dot-folder: not part of the mirror). */
export const defaultMetricsDirName = '.metrics';

/** The CLI's mirror folder when none is given, relative to the working directory. */
export const defaultOutputDir = '.aws-pricing';

/** The CLI's index store when none is given: a dot-folder of the mirror, which `verify` skips. */
export const defaultStoreDir = path.join(defaultOutputDir, '.index');
