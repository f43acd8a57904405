// Generates a Price List bulk tree in AWS's exact on-disk formats (docs/aws-formats.md §1.1-1.7),
// so the downloader and the indexer can be tested on a fresh clone without the real samples.
// Everything is derived from a seeded PRNG: the same options always give the same bytes, which
// lets tests pin hashes and lets a resumed download be compared with a fresh one.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { once } from 'node:events';
import { seededRandom } from './seeded-random';

export interface FixtureOptions {
  root: string;
  /** Default ['us-east-1', 'eu-west-1', 'ap-southeast-3']. */
  regions?: string[];
  /** Approximate size of each EC2 region JSON offer; default ~200 KB. */
  regionBytes?: number;
  /** yyyyMMddHHmmss; default '20250912225308'. */
  version?: string;
}

export interface FixtureTree {
  root: string;
  version: string;
  publicationDate: string;
  offerCodes: string[];
  regions: string[];
  /** Every URL path written, e.g. '/offers/v1.0/aws/index.json'. */
  files: string[];
  savingsPlanVersion: string;
  savingsPlanPublicationDate: string;
}

export interface Ec2RegionFileOptions {
  region: string;
  location: string;
  version: string;
  publicationDate: string;
  /** Approximate size of the file written. Default ~200 KB unless `instanceTypes` or `products` is given. */
  targetBytes?: number;
  /**
   * Instance types to cover first, every OS/tenancy/capacity variant of each. More types are added
   * when `targetBytes` asks for more; without `targetBytes` exactly these types are written.
   */
  instanceTypes?: string[];
  /** Exact number of products (non-instance products included); overrides `targetBytes`. */
  products?: number;
}

export const DISCLAIMER =
  'This pricing list is for informational purposes only. All prices are subject to the additional terms included in the pricing pages on http://aws.amazon.com. All Free Tier prices are also subject to the terms included at https://aws.amazon.com/free/';

export const DEFAULT_REGIONS: readonly string[] = ['us-east-1', 'eu-west-1', 'ap-southeast-3'];
export const DEFAULT_VERSION = '20250912225308';
export const SAVINGS_PLAN_CODE = 'AWSComputeSavingsPlan';
const DEFAULT_REGION_BYTES = 200_000;

// ---------------------------------------------------------------------------------------------
// Jackson pretty printer (AWS's serializer): `"key" : value`, 2-space indent, `[ a, b ]` inline
// arrays whose object elements keep the parent's indent, `{ }` / `[ ]` when empty, no final newline.

const INDENTS: string[] = [];
function indent(level: number): string {
  let s = INDENTS[level];
  if (s === undefined) {
    s = '  '.repeat(level);
    INDENTS[level] = s;
  }
  return s;
}

// Fast path: printable ASCII without quote or backslash needs no escaping.
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/**
 * JSON string literal as Jackson writes it with ESCAPE_NON_ASCII: non-ASCII becomes \uXXXX
 * (upper-case hex), so the fixtures exercise a parser's \u handling; `/` is not escaped.
 */
export function jacksonQuote(s: string): string {
  if (PLAIN.test(s)) return '"' + s + '"';
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c === 0x08) out += '\\b';
    else if (c === 0x0c) out += '\\f';
    else if (c < 0x20 || c > 0x7e) out += '\\u' + c.toString(16).toUpperCase().padStart(4, '0');
    else out += s[i];
  }
  return out + '"';
}

/** Serialises like AWS's files; `level` is the nesting of `value` itself (0 for a document root). */
export function jacksonStringify(value: unknown, level = 0): string {
  if (typeof value === 'string') return jacksonQuote(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) {
    if (value.length === 0) return '[ ]';
    let out = '[ ';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ', ';
      out += jacksonStringify(value[i], level);
    }
    return out + ' ]';
  }
  const keys = Object.keys(value as Record<string, unknown>);
  if (keys.length === 0) return '{ }';
  const inner = indent(level + 1);
  let out = '{\n';
  for (let i = 0; i < keys.length; i++) {
    if (i > 0) out += ',\n';
    out += inner + jacksonQuote(keys[i]) + ' : ' + jacksonStringify((value as Record<string, unknown>)[keys[i]], level + 1);
  }
  return out + '\n' + indent(level) + '}';
}

// ---------------------------------------------------------------------------------------------
// Deterministic randomness

function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

// SKUs and rate codes look like AWS's (upper-case letters and digits, 16 and 10 chars).
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
function randomCode(rand: () => number, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += CODE_ALPHABET[Math.floor(rand() * CODE_ALPHABET.length)];
  return s;
}

function seedFor(...parts: (string | number)[]): number {
  return hash32(parts.join('\u0000'));
}

// ---------------------------------------------------------------------------------------------
// Dates and versions

/** '20250912225308' -> Date for 2025-09-12T22:53:08Z. */
export function versionToDate(version: string): Date {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(version);
  if (!m) throw new Error(`bad version id: ${version}`);
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
}

function pad2(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

export function dateToVersion(d: Date): string {
  return `${d.getUTCFullYear()}${pad2(d.getUTCMonth() + 1)}${pad2(d.getUTCDate())}${pad2(d.getUTCHours())}${pad2(d.getUTCMinutes())}${pad2(d.getUTCSeconds())}`;
}

/** AWS writes timestamps without milliseconds: 2025-09-12T22:53:08Z. */
export function isoSeconds(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function versionToPublicationDate(version: string): string {
  return isoSeconds(versionToDate(version));
}

function monthStart(d: Date, monthsBack = 0): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - monthsBack, 1));
}

// ---------------------------------------------------------------------------------------------
// Regions (docs/aws-formats.md §1.9 and §2.5: usagetype prefixes are not derivable from the code)

const REGION_INFO: Record<string, [location: string, prefix: string]> = {
  'us-east-1': ['US East (N. Virginia)', 'USE1'],
  'us-east-2': ['US East (Ohio)', 'USE2'],
  'us-west-1': ['US West (N. California)', 'USW1'],
  'us-west-2': ['US West (Oregon)', 'USW2'],
  'af-south-1': ['Africa (Cape Town)', 'AFS1'],
  'ca-central-1': ['Canada (Central)', 'CAN1'],
  'ca-west-1': ['Canada West (Calgary)', 'CAN2'],
  'eu-central-1': ['EU (Frankfurt)', 'EUC1'],
  'eu-central-2': ['Europe (Zurich)', 'EUC2'],
  'eu-west-1': ['EU (Ireland)', 'EU'],
  'eu-west-2': ['EU (London)', 'EUW2'],
  'eu-west-3': ['EU (Paris)', 'EUW3'],
  'eu-south-1': ['EU (Milan)', 'EUS1'],
  'eu-south-2': ['Europe (Spain)', 'EUS2'],
  'eu-north-1': ['EU (Stockholm)', 'EUN1'],
  'il-central-1': ['Israel (Tel Aviv)', 'ILC1'],
  'mx-central-1': ['Mexico (Central)', 'MXC1'],
  'ap-northeast-1': ['Asia Pacific (Tokyo)', 'APN1'],
  'ap-northeast-2': ['Asia Pacific (Seoul)', 'APN2'],
  'ap-northeast-3': ['Asia Pacific (Osaka)', 'APN3'],
  'ap-southeast-1': ['Asia Pacific (Singapore)', 'APS1'],
  'ap-southeast-2': ['Asia Pacific (Sydney)', 'APS2'],
  'ap-southeast-3': ['Asia Pacific (Jakarta)', 'APS4'],
  'ap-southeast-4': ['Asia Pacific (Melbourne)', 'APS6'],
  'ap-southeast-5': ['Asia Pacific (Malaysia)', 'APS7'],
  'ap-southeast-6': ['Asia Pacific (New Zealand)', 'APS8'],
  'ap-southeast-7': ['Asia Pacific (Thailand)', 'APS9'],
  'ap-south-1': ['Asia Pacific (Mumbai)', 'APS3'],
  'ap-south-2': ['Asia Pacific (Hyderabad)', 'APS5'],
  'ap-east-1': ['Asia Pacific (Hong Kong)', 'APE1'],
  'ap-east-2': ['Asia Pacific (Taipei)', 'APE2'],
  'me-south-1': ['Middle East (Bahrain)', 'MES1'],
  'me-central-1': ['Middle East (UAE)', 'MEC1'],
  'sa-east-1': ['South America (Sao Paulo)', 'SAE1'],
  'us-gov-east-1': ['AWS GovCloud (US-East)', 'UGE1'],
  'us-gov-west-1': ['AWS GovCloud (US-West)', 'UGW1'],
  'us-east-1-nyc-1': ['US East (New York City)', 'NYC1'],
};

/** Pricing `location` name for a region code (made up, but stable, for unknown codes). */
export function regionLocation(region: string): string {
  return REGION_INFO[region]?.[0] ?? `Unknown (${region})`;
}

/** usagetype prefix including the dash; us-east-1 has none (`BoxUsage:m5.large`). */
function usagePrefix(region: string): string {
  if (region === 'us-east-1') return '';
  const known = REGION_INFO[region]?.[1];
  if (known) return known + '-';
  return 'X' + (hash32(region) % 1000).toString().padStart(3, '0') + '-';
}

/** Non-EC2 services prefix every usagetype, us-east-1 included (USE1-...). */
function servicePrefix(region: string): string {
  return (REGION_INFO[region]?.[1] ?? 'X' + (hash32(region) % 1000).toString().padStart(3, '0')) + '-';
}

function regionPriceFactor(region: string): number {
  return region === 'us-east-1' ? 1 : 1 + (hash32(region) % 26) / 100;
}

// ---------------------------------------------------------------------------------------------
// Offer model shared by the JSON and CSV writers

interface Dimension {
  rateCode: string;
  description: string;
  beginRange?: string;
  endRange?: string;
  unit: string;
  price: string;
}

interface Term {
  type: 'OnDemand' | 'Reserved';
  offerTermCode: string;
  effectiveDate: string;
  dimensions: Dimension[];
  termAttributes: readonly (readonly [string, string])[];
}

interface Product {
  sku: string;
  productFamily: string;
  attributes: [string, string][];
  terms: Term[];
}

interface OfferSource {
  offerCode: string;
  version: string;
  publicationDate: string;
  hasReserved: boolean;
  count: number;
  skuAt(i: number): string;
  /** `withAttributes: false` may leave attributes empty: the terms passes only need SKU and terms. */
  productAt(i: number, withAttributes?: boolean): Product;
  /** CSV product columns after "Product Family": [display name, attribute key]. */
  csvColumns: readonly (readonly [string, string])[];
}

// The offer body is written with hand-rolled templates rather than jacksonStringify(): building
// objects per price dimension made generation GC-bound (~25 MB/s). The unit tests check that
// the result is byte-identical to jacksonStringify(JSON.parse(file)).
// Pieces are pushed into an array and joined once per product: join() yields one flat string,
// whereas `+=`/template chains build deep ropes that V8 must flatten again before encoding.
const I2 = indent(2);
const I3 = indent(3);
const I4 = indent(4);
const I5 = indent(5);
const I6 = indent(6);
const I8 = indent(8);
const NL_I7 = ',\n' + indent(7);
const P_SKU = ' : {\n' + I3 + '"sku" : "';
const P_FAMILY = '",\n' + I3 + '"productFamily" : ';
const P_ATTRS = ',\n' + I3 + '"attributes" : ';
const P_END = '\n' + I2 + '}';
const D_RATE = ' : {\n' + indent(7) + '"rateCode" : "';
const D_DESC = '"' + NL_I7 + '"description" : ';
const D_BEGIN = NL_I7 + '"beginRange" : ';
const D_END = NL_I7 + '"endRange" : ';
const D_UNIT = NL_I7 + '"unit" : ';
const D_PRICE = NL_I7 + '"pricePerUnit" : {\n' + I8 + '"USD" : "';
const D_TAIL = '"\n' + indent(7) + '}' + NL_I7 + '"appliesTo" : [ ]\n' + I6 + '}';
const T_CODE = '" : {\n' + I5 + '"offerTermCode" : "';
const T_SKU = '",\n' + I5 + '"sku" : "';
const T_DATE = '",\n' + I5 + '"effectiveDate" : "';
const T_DIMS = '",\n' + I5 + '"priceDimensions" : ';
const T_ATTRS = ',\n' + I5 + '"termAttributes" : ';
const T_END = '\n' + I4 + '}';
const DIMS_END = '\n' + I5 + '}';

function pushPairs(out: string[], pairs: readonly (readonly [string, string])[], level: number): void {
  if (pairs.length === 0) {
    out.push('{ }');
    return;
  }
  const inner = indent(level + 1);
  out.push('{\n');
  for (let i = 0; i < pairs.length; i++) {
    out.push(i > 0 ? ',\n' : '', inner, jacksonQuote(pairs[i][0]), ' : ', jacksonQuote(pairs[i][1]));
  }
  out.push('\n', indent(level), '}');
}

// SKUs, codes, prices and dates are generated from [A-Z0-9.:-] only, so they go out unescaped.

/** `"SKU" : { "sku", "productFamily", "attributes" }` as an entry of "products". */
function pushProductEntry(out: string[], p: Product): void {
  out.push(I2, '"', p.sku, '"', P_SKU, p.sku, P_FAMILY, jacksonQuote(p.productFamily), P_ATTRS);
  pushPairs(out, p.attributes, 3);
  out.push(P_END);
}

function pushDimension(out: string[], d: Dimension): void {
  out.push(I6, '"', d.rateCode, '"', D_RATE, d.rateCode, D_DESC, jacksonQuote(d.description));
  // Upfront fees (unit Quantity) carry no beginRange/endRange in the real files.
  if (d.beginRange !== undefined) out.push(D_BEGIN, jacksonQuote(d.beginRange));
  if (d.endRange !== undefined) out.push(D_END, jacksonQuote(d.endRange));
  out.push(D_UNIT, jacksonQuote(d.unit), D_PRICE, d.price, D_TAIL);
}

function pushTerm(out: string[], sku: string, t: Term): void {
  out.push(I4, '"', sku, '.', t.offerTermCode, T_CODE, t.offerTermCode, T_SKU, sku, T_DATE, t.effectiveDate, T_DIMS);
  if (t.dimensions.length === 0) {
    out.push('{ }');
  } else {
    out.push('{\n');
    for (let i = 0; i < t.dimensions.length; i++) {
      if (i > 0) out.push(',\n');
      pushDimension(out, t.dimensions[i]);
    }
    out.push(DIMS_END);
  }
  out.push(T_ATTRS);
  pushPairs(out, t.termAttributes, 5);
  out.push(T_END);
}

/** `"SKU" : { "SKU.CODE" : {...}, ... }` for the terms of one type; false (nothing pushed) if none. */
function pushTermsEntry(out: string[], p: Product, type: Term['type']): boolean {
  let n = 0;
  for (const t of p.terms) {
    if (t.type !== type) continue;
    if (n === 0) out.push(I3, '"', p.sku, '" : {\n');
    else out.push(',\n');
    pushTerm(out, p.sku, t);
    n++;
  }
  if (n > 0) out.push('\n', I3, '}');
  return n > 0;
}

function productEntryJson(p: Product): string {
  const out: string[] = [];
  pushProductEntry(out, p);
  return out.join('');
}

function termsEntryJson(p: Product, type: Term['type']): string {
  const out: string[] = [];
  pushTermsEntry(out, p, type);
  return out.join('');
}

const CSV_PRICE_COLUMNS = [
  'SKU',
  'OfferTermCode',
  'RateCode',
  'TermType',
  'PriceDescription',
  'EffectiveDate',
  'StartingRange',
  'EndingRange',
  'Unit',
  'PricePerUnit',
  'Currency',
  'RelatedTo',
  'LeaseContractLength',
  'PurchaseOption',
  'OfferingClass',
  'Product Family',
];

function csvField(v: string | undefined): string {
  // AWS quotes every value and leaves empty fields bare (`,,`).
  if (v === undefined || v === '') return '';
  return '"' + (v.includes('"') ? v.replace(/"/g, '""') : v) + '"';
}

function csvHeader(src: OfferSource): string {
  const meta = [
    ['FormatVersion', 'v1.0'],
    ['Disclaimer', DISCLAIMER],
    ['Publication Date', src.publicationDate],
    ['Version', src.version],
    ['OfferCode', src.offerCode],
  ];
  const lines = meta.map(([k, v]) => `${csvField(k)},${csvField(v)}`);
  lines.push([...CSV_PRICE_COLUMNS, ...src.csvColumns.map(([name]) => name)].map(csvField).join(','));
  return lines.join('\n') + '\n';
}

/** One row per price dimension, terms ordered by offer term code like the real files. */
function productCsvRows(src: OfferSource, p: Product): { text: string; rows: number } {
  const attrs = new Map(p.attributes);
  const productPart = src.csvColumns.map(([, key]) => csvField(attrs.get(key))).join(',');
  const terms = [...p.terms].sort((a, b) => (a.offerTermCode < b.offerTermCode ? -1 : a.offerTermCode > b.offerTermCode ? 1 : 0));
  let text = '';
  let rows = 0;
  for (const t of terms) {
    const ta = new Map(t.termAttributes);
    for (const d of t.dimensions) {
      const pricing = [
        p.sku,
        t.offerTermCode,
        d.rateCode,
        t.type,
        d.description,
        t.effectiveDate.slice(0, 10),
        d.beginRange,
        d.endRange,
        d.unit,
        d.price,
        'USD',
        '',
        ta.get('LeaseContractLength'),
        ta.get('PurchaseOption'),
        ta.get('OfferingClass'),
        p.productFamily,
      ];
      text += pricing.map(csvField).join(',') + ',' + productPart + '\n';
      rows++;
    }
  }
  return { text, rows };
}

/**
 * Encodes text into ~1 MB buffers and writes them with backpressure; never holds a whole file.
 * Encoding each piece straight into a preallocated buffer avoids joining (and flattening) a huge
 * string per chunk, which dominated the profile.
 */
class ChunkWriter {
  private static readonly CHUNK = 2 << 20;
  private static readonly FLUSH_AT = 1 << 20;
  private buf = Buffer.allocUnsafe(ChunkWriter.CHUNK);
  private used = 0;
  bytes = 0;
  private constructor(
    private readonly ws: fs.WriteStream,
    private readonly encoding: BufferEncoding,
  ) {}

  /**
   * `asciiOnly`: the caller promises 7-bit text (our JSON always is: jacksonQuote escapes the rest),
   * which allows the cheaper one-byte encoder.
   */
  static async open(file: string, asciiOnly = false): Promise<ChunkWriter> {
    await fs.promises.mkdir(path.dirname(file), { recursive: true });
    // A deep buffer lets the next chunk be generated while the previous one is on its way to disk.
    const ws = fs.createWriteStream(file, { highWaterMark: 16 << 20 });
    await once(ws, 'open');
    return new ChunkWriter(ws, asciiOnly ? 'latin1' : 'utf8');
  }

  /** Returns a promise only when the caller must wait (keeps the hot loop allocation-free). */
  push(s: string): Promise<void> | undefined {
    // 3 bytes per UTF-16 unit is the UTF-8 worst case.
    if (s.length * 3 > ChunkWriter.CHUNK - this.used) return this.pushLarge(s);
    this.used += this.buf.write(s, this.used, this.encoding);
    return this.used >= ChunkWriter.FLUSH_AT ? this.flush() : undefined;
  }

  private async pushLarge(s: string): Promise<void> {
    await this.flush();
    await this.writeBuffer(Buffer.from(s, this.encoding));
  }

  private async writeBuffer(b: Buffer): Promise<void> {
    this.bytes += b.length;
    if (!this.ws.write(b)) await once(this.ws, 'drain');
  }

  async flush(): Promise<void> {
    if (this.used === 0) return;
    const out = this.buf.subarray(0, this.used);
    // The stream keeps a reference until written, so the next chunk needs a fresh buffer.
    this.buf = Buffer.allocUnsafe(ChunkWriter.CHUNK);
    this.used = 0;
    await this.writeBuffer(out);
  }

  async close(): Promise<void> {
    await this.flush();
    this.ws.end();
    await once(this.ws, 'close');
  }
}

async function writeOfferJson(file: string, src: OfferSource): Promise<{ bytes: number; skus: number }> {
  const w = await ChunkWriter.open(file, true);
  let pending: Promise<void> | undefined;
  w.push(
    '{\n' +
      `  "formatVersion" : "v1.0",\n` +
      `  "disclaimer" : ${jacksonQuote(DISCLAIMER)},\n` +
      `  "offerCode" : ${jacksonQuote(src.offerCode)},\n` +
      `  "version" : ${jacksonQuote(src.version)},\n` +
      `  "publicationDate" : ${jacksonQuote(src.publicationDate)},\n` +
      `  "products" : ${src.count === 0 ? '{ }' : '{\n'}`,
  );
  const seen = new Set<string>();
  const parts: string[] = [];
  for (let i = 0; i < src.count; i++) {
    const p = src.productAt(i);
    if (seen.has(p.sku)) throw new Error(`duplicate SKU ${p.sku}`);
    seen.add(p.sku);
    if (i > 0) parts.push(',\n');
    pushProductEntry(parts, p);
    pending = w.push(parts.join(''));
    parts.length = 0;
    if (pending) await pending;
  }
  w.push((src.count === 0 ? '' : '\n  }') + ',\n  "terms" : {\n');
  // Products precede terms, so products are rebuilt (cheaply, from their index) once per term
  // type. Spooling terms to side files instead was measured: no faster, since formatting dominates.
  const types: Term['type'][] = src.hasReserved ? ['OnDemand', 'Reserved'] : ['OnDemand'];
  for (let ti = 0; ti < types.length; ti++) {
    w.push(`${ti > 0 ? ',\n' : ''}    "${types[ti]}" : `);
    let n = 0;
    for (let i = 0; i < src.count; i++) {
      parts.push(n === 0 ? '{\n' : ',\n');
      if (!pushTermsEntry(parts, src.productAt(i, false), types[ti])) {
        parts.length = 0;
        continue;
      }
      pending = w.push(parts.join(''));
      parts.length = 0;
      n++;
      if (pending) await pending;
    }
    w.push(n === 0 ? '{ }' : '\n    }');
  }
  w.push('\n  }\n}');
  await w.close();
  return { bytes: w.bytes, skus: src.count };
}

async function writeOfferCsv(file: string, src: OfferSource): Promise<{ bytes: number; rows: number }> {
  const w = await ChunkWriter.open(file);
  w.push(csvHeader(src));
  // Real CSVs are sorted by SKU; SKUs are cheap to derive, products are rebuilt in that order.
  const order = Array.from({ length: src.count }, (_, i) => i);
  const skus = order.map((i) => src.skuAt(i));
  order.sort((a, b) => (skus[a] < skus[b] ? -1 : skus[a] > skus[b] ? 1 : 0));
  let rows = 0;
  for (const i of order) {
    const r = productCsvRows(src, src.productAt(i));
    rows += r.rows;
    const pending = w.push(r.text);
    if (pending) await pending;
  }
  await w.close();
  return { bytes: w.bytes, rows };
}

/**
 * How many products make a file of about `target` bytes: exact sizes for the first products,
 * then the average of a recent window, which is stable because the catalogue repeats in cycles.
 */
function countForTarget(target: number, overhead: number, minCount: number, maxExact: number, cost: (i: number) => number): number {
  let total = overhead;
  let i = 0;
  const window: number[] = [];
  let windowSum = 0;
  while (i < maxExact) {
    if (i >= minCount && total >= target) return i;
    const c = cost(i);
    total += c;
    window.push(c);
    windowSum += c;
    if (window.length > 200) windowSum -= window.shift() as number;
    i++;
  }
  if (total >= target) return i;
  const avg = windowSum / window.length;
  return i + Math.ceil((target - total) / avg);
}

// ---------------------------------------------------------------------------------------------
// EC2 catalogue

interface FamilySpec {
  category: string;
  processor: string;
  clock: string;
  arch: string;
  features?: string;
  memPerVcpu: number;
  pricePerVcpu: number;
  storage?: string;
  gpu?: [count: number, memory: string];
  burstable?: boolean;
}

const INTEL_FEATURES = 'Intel AVX; Intel AVX2; Intel AVX512; Intel Turbo';
const FAMILIES: Record<string, FamilySpec> = {
  m5: {
    category: 'General purpose',
    processor: 'Intel Xeon Platinum 8175 (Skylake)',
    clock: '3.1 GHz',
    arch: '64-bit',
    features: INTEL_FEATURES,
    memPerVcpu: 4,
    pricePerVcpu: 0.048,
  },
  t3: {
    category: 'General purpose',
    processor: 'Intel Skylake E5 2686 v5',
    clock: '3.1 GHz',
    arch: '64-bit',
    features: 'Intel AVX; Intel AVX2; Intel AVX512; Intel Turbo',
    memPerVcpu: 4,
    pricePerVcpu: 0.0208,
    burstable: true,
  },
  c6i: {
    category: 'Compute optimized',
    processor: 'Intel Xeon 8375C (Ice Lake)',
    clock: '3.5 GHz',
    arch: '64-bit',
    features: INTEL_FEATURES,
    memPerVcpu: 2,
    pricePerVcpu: 0.0425,
  },
  r7g: { category: 'Memory optimized', processor: 'AWS Graviton3 Processor', clock: '2.6 GHz', arch: 'arm64', memPerVcpu: 8, pricePerVcpu: 0.0536 },
  m7i: {
    category: 'General purpose',
    processor: 'Intel Xeon Scalable (Sapphire Rapids)',
    clock: '3.2 GHz',
    arch: '64-bit',
    features: INTEL_FEATURES,
    memPerVcpu: 4,
    pricePerVcpu: 0.0504,
  },
  i3: {
    category: 'Storage optimized',
    processor: 'Intel Xeon E5-2686 v4 (Broadwell)',
    clock: '2.3 GHz',
    arch: '64-bit',
    features: 'Intel AVX; Intel AVX2; Intel Turbo',
    memPerVcpu: 7.625,
    pricePerVcpu: 0.078,
    storage: 'NVMe SSD',
  },
  g5: {
    category: 'GPU instance',
    processor: 'AMD EPYC 7R32',
    clock: '3.3 GHz',
    arch: '64-bit',
    features: 'AMD Turbo',
    memPerVcpu: 4,
    pricePerVcpu: 0.2515,
    storage: 'NVMe SSD',
    gpu: [1, '24 GB'],
  },
  c7g: { category: 'Compute optimized', processor: 'AWS Graviton3 Processor', clock: '2.6 GHz', arch: 'arm64', memPerVcpu: 2, pricePerVcpu: 0.03625 },
  r5: {
    category: 'Memory optimized',
    processor: 'Intel Xeon Platinum 8175 (Skylake)',
    clock: '3.1 GHz',
    arch: '64-bit',
    features: INTEL_FEATURES,
    memPerVcpu: 8,
    pricePerVcpu: 0.063,
  },
  m6g: { category: 'General purpose', processor: 'AWS Graviton2 Processor', clock: '2.5 GHz', arch: 'arm64', memPerVcpu: 4, pricePerVcpu: 0.0385 },
  c5: {
    category: 'Compute optimized',
    processor: 'Intel Xeon Platinum 8124M',
    clock: '3.4 GHz',
    arch: '64-bit',
    features: INTEL_FEATURES,
    memPerVcpu: 2,
    pricePerVcpu: 0.0425,
  },
  x2idn: {
    category: 'Memory optimized',
    processor: 'Intel Xeon 8375C (Ice Lake)',
    clock: '3.5 GHz',
    arch: '64-bit',
    features: INTEL_FEATURES,
    memPerVcpu: 16,
    pricePerVcpu: 0.4168,
    storage: 'NVMe SSD',
  },
  m6a: {
    category: 'General purpose',
    processor: 'AMD EPYC 7R13 Processor',
    clock: '3.6 GHz',
    arch: '64-bit',
    features: 'AMD Turbo',
    memPerVcpu: 4,
    pricePerVcpu: 0.0432,
  },
  c7gn: { category: 'Compute optimized', processor: 'AWS Graviton3E Processor', clock: '2.6 GHz', arch: 'arm64', memPerVcpu: 2, pricePerVcpu: 0.0624 },
};

const SIZE_VCPU: Record<string, number> = {
  nano: 2,
  micro: 2,
  small: 2,
  medium: 1,
  large: 2,
  xlarge: 4,
  '2xlarge': 8,
  '4xlarge': 16,
  '8xlarge': 32,
  '12xlarge': 48,
  '16xlarge': 64,
  '24xlarge': 96,
  metal: 96,
};
const BURSTABLE_SIZES = ['nano', 'micro', 'small', 'medium', 'large', 'xlarge', '2xlarge'];
const SIZES = ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge', '24xlarge', 'metal'];

/** Core types: the first instance products of every EC2 file are drawn from these (see coreOrdering). */
export const DEFAULT_INSTANCE_TYPES: readonly string[] = [
  'm5.large',
  't3.micro',
  'c6i.large',
  'r7g.medium',
  'm5.xlarge',
  'm7i.2xlarge',
  'i3.metal',
  'g5.xlarge',
];

interface InstanceSpec {
  name: string;
  family: string;
  size: string;
  spec: FamilySpec;
  vcpu: number;
  memoryGiB: number;
  price: number; // Linux On-Demand, us-east-1
  metal: boolean;
  normalization: string;
}

function syntheticFamily(name: string): FamilySpec {
  const letter = name[0];
  const graviton = /g/.test(name.slice(1));
  const base = letter === 'c' ? [2, 0.0425] : letter === 'r' ? [8, 0.063] : letter === 'x' ? [16, 0.4] : [4, 0.048];
  return {
    category: letter === 'c' ? 'Compute optimized' : letter === 'r' || letter === 'x' ? 'Memory optimized' : 'General purpose',
    processor: graviton ? 'AWS Graviton4 Processor' : 'Intel Xeon 6 (Granite Rapids)',
    clock: graviton ? '2.8 GHz' : '3.9 GHz',
    arch: graviton ? 'arm64' : '64-bit',
    features: graviton ? undefined : INTEL_FEATURES,
    memPerVcpu: base[0],
    pricePerVcpu: Math.round(base[1] * (0.9 + (hash32(name) % 30) / 100) * 100000) / 100000,
  };
}

const SPEC_CACHE = new Map<string, InstanceSpec>();
function instanceSpec(name: string): InstanceSpec {
  let spec = SPEC_CACHE.get(name);
  if (!spec) {
    spec = computeInstanceSpec(name);
    if (SPEC_CACHE.size < 100_000) SPEC_CACHE.set(name, spec);
  }
  return spec;
}

function computeInstanceSpec(name: string): InstanceSpec {
  const dot = name.indexOf('.');
  const family = dot > 0 ? name.slice(0, dot) : name;
  const size = dot > 0 ? name.slice(dot + 1) : 'large';
  const spec = FAMILIES[family] ?? syntheticFamily(family);
  const metal = size.startsWith('metal');
  if (spec.burstable) {
    const idx = Math.max(0, BURSTABLE_SIZES.indexOf(size));
    const vcpu = SIZE_VCPU[size] ?? 2;
    const factor = 2 ** idx; // nano = 1
    return { name, family, size, spec, vcpu, memoryGiB: 0.5 * factor, price: 0.0052 * factor, metal: false, normalization: String(0.25 * factor) };
  }
  const vcpu = SIZE_VCPU[size] ?? (Number.parseInt(size, 10) || 1) * 4;
  return {
    name,
    family,
    size,
    spec,
    vcpu,
    memoryGiB: vcpu * spec.memPerVcpu,
    price: vcpu * spec.pricePerVcpu,
    metal,
    normalization: String(vcpu * 2),
  };
}

/** Types after the core ones: real families first, then plausible synthetic ones, endlessly. */
function extendedTypes(core: readonly string[]): (k: number) => string {
  const skip = new Set(core);
  const list: string[] = [];
  for (const family of Object.keys(FAMILIES)) {
    const sizes = FAMILIES[family].burstable ? BURSTABLE_SIZES : family.includes('g') ? ['medium', ...SIZES] : SIZES;
    for (const size of sizes) {
      const n = `${family}.${size}`;
      if (!skip.has(n)) list.push(n);
    }
  }
  const letters = ['m', 'c', 'r'];
  const suffixes = ['i', 'g', 'a', 'gd', 'in'];
  let next = 0;
  return (k: number): string => {
    while (list.length <= k) {
      const j = next++;
      const gen = 9 + Math.floor(j / (letters.length * suffixes.length * SIZES.length));
      const r = j % (letters.length * suffixes.length * SIZES.length);
      const fam = `${letters[Math.floor(r / (suffixes.length * SIZES.length))]}${gen}${suffixes[Math.floor(r / SIZES.length) % suffixes.length]}`;
      const n = `${fam}.${SIZES[r % SIZES.length]}`;
      if (!skip.has(n)) list.push(n);
    }
    return list[k];
  };
}

interface Variant {
  os: string;
  sw: string;
  license: string;
  tenancy: 'Shared' | 'Dedicated' | 'Host';
  capacity: 'Used' | 'UnusedCapacityReservation' | 'AllocatedCapacityReservation' | 'AllocatedHost';
  operation: string;
  label: string; // as in On-Demand descriptions
  riPlatform: string; // as in Reserved descriptions
  premiumPerVcpu: number;
}

function v(
  os: string,
  sw: string,
  license: string,
  tenancy: Variant['tenancy'],
  capacity: Variant['capacity'],
  operation: string,
  label: string,
  riPlatform: string,
  premiumPerVcpu: number,
): Variant {
  return { os, sw, license, tenancy, capacity, operation, label, riPlatform, premiumPerVcpu };
}

const NLR = 'No License required';
const BYOL = 'Bring your own license';
// Ordered by importance: a small file still has plain Linux, capacity duplicates and other OSes.
const VARIANTS: readonly Variant[] = [
  v('Linux', 'NA', NLR, 'Shared', 'Used', 'RunInstances', 'Linux', 'Linux/UNIX (Amazon VPC)', 0),
  v('Linux', 'NA', NLR, 'Shared', 'UnusedCapacityReservation', 'RunInstances', 'Linux', 'Linux/UNIX (Amazon VPC)', 0),
  v('Linux', 'NA', NLR, 'Shared', 'AllocatedCapacityReservation', 'RunInstances', 'Linux', 'Linux/UNIX (Amazon VPC)', 0),
  v('Windows', 'NA', NLR, 'Shared', 'Used', 'RunInstances:0002', 'Windows', 'Windows (Amazon VPC)', 0.046),
  v('RHEL', 'NA', NLR, 'Shared', 'Used', 'RunInstances:0010', 'RHEL', 'Red Hat Enterprise Linux', 0.0144),
  v('Linux', 'NA', NLR, 'Dedicated', 'Used', 'RunInstances', 'Linux', 'Linux/UNIX (Amazon VPC)', 0.0048),
  v('Linux', 'NA', NLR, 'Host', 'AllocatedHost', 'RunInstances', 'Linux', 'Linux/UNIX (Amazon VPC)', 0),
  v('Windows', 'SQL Std', NLR, 'Shared', 'Used', 'RunInstances:0006', 'Windows with SQL Std', 'Windows with SQL Server Standard (Amazon VPC)', 0.166),
  v('Windows', 'NA', BYOL, 'Shared', 'Used', 'RunInstances:0800', 'Windows BYOL', 'Windows BYOL (Amazon VPC)', 0),
  v('SUSE', 'NA', NLR, 'Shared', 'Used', 'RunInstances:000g', 'SUSE', 'SUSE Linux', 0.014),
  v('Ubuntu Pro', 'NA', NLR, 'Shared', 'Used', 'RunInstances:0g00', 'Ubuntu Pro', 'Ubuntu Pro Linux', 0.0035),
  v(
    'Red Hat Enterprise Linux with HA',
    'NA',
    NLR,
    'Shared',
    'Used',
    'RunInstances:1010',
    'Red Hat Enterprise Linux with HA',
    'Red Hat Enterprise Linux with HA',
    0.0394,
  ),
  v('Windows', 'SQL Web', NLR, 'Shared', 'Used', 'RunInstances:0202', 'Windows with SQL Web', 'Windows with SQL Server Web (Amazon VPC)', 0.0585),
  v('Windows', 'SQL Ent', NLR, 'Shared', 'Used', 'RunInstances:0102', 'Windows with SQL Ent', 'Windows with SQL Server Enterprise (Amazon VPC)', 0.421),
  v('Linux', 'SQL Std', NLR, 'Shared', 'Used', 'RunInstances:0004', 'Linux with SQL Std', 'Linux with SQL Server Standard', 0.12),
  v('Windows', 'NA', NLR, 'Dedicated', 'Used', 'RunInstances:0002', 'Windows', 'Windows (Amazon VPC)', 0.0508),
  v('Windows', 'NA', NLR, 'Shared', 'UnusedCapacityReservation', 'RunInstances:0002', 'Windows', 'Windows (Amazon VPC)', 0.046),
  v('Windows', 'NA', NLR, 'Shared', 'AllocatedCapacityReservation', 'RunInstances:0002', 'Windows', 'Windows (Amazon VPC)', 0.046),
  v('Linux', 'NA', NLR, 'Dedicated', 'UnusedCapacityReservation', 'RunInstances', 'Linux', 'Linux/UNIX (Amazon VPC)', 0.0048),
  v('RHEL', 'NA', NLR, 'Shared', 'UnusedCapacityReservation', 'RunInstances:0010', 'RHEL', 'Red Hat Enterprise Linux', 0.0144),
];

// [code, LeaseContractLength, OfferingClass, PurchaseOption, effective-rate factor vs On-Demand]
const RESERVED_TERMS: readonly (readonly [string, string, string, string, number])[] = [
  ['4NA7Y494T4', '1yr', 'standard', 'No Upfront', 0.63],
  ['HU7G6KETJZ', '1yr', 'standard', 'Partial Upfront', 0.6],
  ['6QCMYABX3D', '1yr', 'standard', 'All Upfront', 0.59],
  ['BPH4J8HBKS', '3yr', 'standard', 'No Upfront', 0.45],
  ['38NPMPTW36', '3yr', 'standard', 'Partial Upfront', 0.43],
  ['NQ3QZPMQV9', '3yr', 'standard', 'All Upfront', 0.41],
  ['7NE97W5U4E', '1yr', 'convertible', 'No Upfront', 0.72],
  ['CUZHX8X6JH', '1yr', 'convertible', 'Partial Upfront', 0.69],
  ['VJWZNREJX2', '1yr', 'convertible', 'All Upfront', 0.68],
  ['Z2E3P23VKM', '3yr', 'convertible', 'No Upfront', 0.52],
  ['R5XV2EPZQZ', '3yr', 'convertible', 'Partial Upfront', 0.5],
  ['MZU6U2429S', '3yr', 'convertible', 'All Upfront', 0.48],
];
// Shared, not rebuilt per product: they are identical for every SKU.
const RESERVED_TERM_ATTRIBUTES: readonly (readonly (readonly [string, string])[])[] = RESERVED_TERMS.map(([, lease, cls, option]) => [
  ['LeaseContractLength', lease],
  ['OfferingClass', cls],
  ['PurchaseOption', option],
]);
const ON_DEMAND_TERM = 'JRTCKXETXF';
const HOURLY_RATE = '6YS6EN2CT7';
const UPFRONT_RATE = '2TG2D8R56U';

/** AWS's 10-decimal price strings: "0.0960000000". */
function price10(x: number): string {
  return x.toFixed(10);
}

/** Price as written inside descriptions: "$0.096", "$0.00". */
function priceShort(x: number): string {
  if (x === 0) return '0.00';
  return String(Number(x.toFixed(6)));
}

function round4(x: number): number {
  return Math.round(x * 10000) / 10000;
}

function usageType(prefix: string, variant: Variant, type: string): string {
  let base: string;
  if (variant.tenancy === 'Host') base = 'HostBoxUsage';
  else if (variant.capacity === 'UnusedCapacityReservation') base = variant.tenancy === 'Dedicated' ? 'UnusedDed' : 'UnusedBox';
  else if (variant.capacity === 'AllocatedCapacityReservation') base = variant.tenancy === 'Dedicated' ? 'DedicatedRes' : 'Reservation';
  else base = variant.tenancy === 'Dedicated' ? 'DedicatedUsage' : 'BoxUsage';
  return `${prefix}${base}:${type}`;
}

function formatGiB(x: number): string {
  return `${Number(x.toFixed(3))} GiB`;
}

function networkFor(vcpu: number): string {
  if (vcpu <= 8) return 'Up to 12500 Megabit';
  if (vcpu <= 32) return '12500 Megabit';
  if (vcpu <= 64) return '25000 Megabit';
  return '50000 Megabit';
}

interface Ec2Context {
  region: string;
  location: string;
  version: string;
  publicationDate: string;
  effectiveDate: string;
  prefix: string;
  factor: number;
  seed: number;
  core: readonly string[];
  /** Core (type index, variant index) pairs in file order, and the inverse: corePos[t][v]. */
  coreOrder: readonly (readonly [number, number])[];
  corePos: readonly (readonly number[])[];
  extended: (k: number) => string;
}

function makeEc2Context(opts: Ec2RegionFileOptions): Ec2Context {
  const core = opts.instanceTypes && opts.instanceTypes.length > 0 ? [...new Set(opts.instanceTypes)] : DEFAULT_INSTANCE_TYPES;
  return {
    region: opts.region,
    location: opts.location,
    version: opts.version,
    publicationDate: opts.publicationDate,
    effectiveDate: isoSeconds(monthStart(versionToDate(opts.version))),
    prefix: usagePrefix(opts.region),
    factor: regionPriceFactor(opts.region),
    seed: seedFor('AmazonEC2', opts.region),
    core,
    ...coreOrdering(core.length),
    extended: extendedTypes(core),
  };
}

// Products that are not instances (storage, transfer tiers, credits, hosts, IPs) come first in
// every EC2 file so that index code meets them before any instance and must skip them properly.
/**
 * EC2's non-instance products the cost model reads (family, usage type without region prefix, unit,
 * us-east-1 price, attributes), with decoys that must stay out: the Regional NAT gateway's hours and
 * a snapshot, which share families and look-alike usage types.
 */
const EC2_COMPONENTS: readonly (readonly [string, string, string, number, [string, string][]])[] = [
  [
    'Storage',
    'EBS:VolumeUsage.gp2',
    'GB-Mo',
    0.1,
    [
      ['volumeApiName', 'gp2'],
      ['volumeType', 'General Purpose'],
    ],
  ],
  [
    'Storage',
    'EBS:VolumeUsage.piops',
    'GB-Mo',
    0.125,
    [
      ['volumeApiName', 'io1'],
      ['volumeType', 'Provisioned IOPS'],
    ],
  ],
  [
    'Storage',
    'EBS:VolumeUsage.io2',
    'GB-Mo',
    0.125,
    [
      ['volumeApiName', 'io2'],
      ['volumeType', 'Provisioned IOPS'],
    ],
  ],
  [
    'Storage',
    'EBS:VolumeUsage.st1',
    'GB-Mo',
    0.045,
    [
      ['volumeApiName', 'st1'],
      ['volumeType', 'Throughput Optimized HDD'],
    ],
  ],
  [
    'Storage',
    'EBS:VolumeUsage.sc1',
    'GB-Mo',
    0.015,
    [
      ['volumeApiName', 'sc1'],
      ['volumeType', 'Cold HDD'],
    ],
  ],
  [
    'Storage',
    'EBS:VolumeUsage',
    'GB-Mo',
    0.05,
    [
      ['volumeApiName', 'standard'],
      ['volumeType', 'Magnetic'],
    ],
  ],
  [
    'System Operation',
    'EBS:VolumeP-IOPS.piops',
    'IOPS-Mo',
    0.065,
    [
      ['volumeApiName', 'io1'],
      ['group', 'EBS IOPS'],
    ],
  ],
  [
    'System Operation',
    'EBS:VolumeP-IOPS.io2',
    'IOPS-Mo',
    0.065,
    [
      ['volumeApiName', 'io2'],
      ['group', 'EBS IOPS'],
    ],
  ],
  [
    'System Operation',
    'EBS:VolumeP-IOPS.io2.tier2',
    'IOPS-Mo',
    0.0455,
    [
      ['volumeApiName', 'io2'],
      ['group', 'EBS IOPS Tier 2'],
    ],
  ],
  [
    'System Operation',
    'EBS:VolumeP-IOPS.io2.tier3',
    'IOPS-Mo',
    0.03185,
    [
      ['volumeApiName', 'io2'],
      ['group', 'EBS IOPS Tier 3'],
    ],
  ],
  [
    'System Operation',
    'EBS:VolumeP-IOPS.gp3',
    'IOPS-Mo',
    0.005,
    [
      ['volumeApiName', 'gp3'],
      ['group', 'EBS IOPS'],
    ],
  ],
  [
    'System Operation',
    'EBS:VolumeIOUsage',
    'IOs',
    0.00000005,
    [
      ['volumeApiName', 'standard'],
      ['group', 'EBS I/O Requests'],
    ],
  ],
  [
    'Provisioned Throughput',
    'EBS:VolumeP-Throughput.gp3',
    'GiBps-mo',
    40.96,
    [
      ['volumeApiName', 'gp3'],
      ['group', 'EBS Throughput'],
    ],
  ],
  ['NAT Gateway', 'NatGateway-Hours', 'Hrs', 0.045, [['group', 'NGW:NatGateway']]],
  ['NAT Gateway', 'NatGateway-Bytes', 'GB', 0.045, [['group', 'NGW:NatGateway']]],
  ['NAT Gateway', 'RegionalNatGateway-Hours', 'Hrs', 0.09, [['group', 'NGW:RegionalNatGateway']]],
  ['Storage Snapshot', 'EBS:SnapshotUsage', 'GB-Mo', 0.05, [['storageMedia', 'Amazon S3']]],
];

/** Non-instance products first in every EC2 region file: ec2Extra's five, then EC2_COMPONENTS. */
const EC2_EXTRAS = 5 + EC2_COMPONENTS.length;

function ec2Sku(ctx: Ec2Context, i: number): string {
  return randomCode(seededRandom(ctx.seed ^ Math.imul(i + 1, 0x9e3779b1)), 16);
}

/**
 * Order of the core products. A small file (the 200 KB default holds ~20 products, most of the
 * bytes being Reserved terms) must still show what an indexer has to cope with, so it starts with
 * the headline variants of the first type (plain Linux, capacity-reservation duplicates, Windows,
 * RHEL, Dedicated, Host), then plain Linux of every other core type, then the rest variant-major.
 */
function coreOrdering(types: number): { coreOrder: [number, number][]; corePos: number[][] } {
  const coreOrder: [number, number][] = [];
  const corePos: number[][] = Array.from({ length: types }, () => new Array<number>(VARIANTS.length).fill(-1));
  const add = (t: number, v: number): void => {
    if (corePos[t][v] >= 0) return;
    corePos[t][v] = coreOrder.length;
    coreOrder.push([t, v]);
  };
  for (let v = 0; v < Math.min(7, VARIANTS.length); v++) add(0, v);
  for (let t = 1; t < types; t++) add(t, 0);
  for (let v = 0; v < VARIANTS.length; v++) for (let t = 0; t < types; t++) add(t, v);
  return { coreOrder, corePos };
}

/** (type, variant) of the k-th instance product: the core ordering, then type-major extension. */
function ec2InstanceSlot(ctx: Ec2Context, k: number): { type: string; variant: number; usedIndex: number } {
  if (k < ctx.coreOrder.length) {
    const [t, v] = ctx.coreOrder[k];
    return { type: ctx.core[t], variant: v, usedIndex: ctx.corePos[t][0] };
  }
  const j = k - ctx.coreOrder.length;
  const base = j - (j % VARIANTS.length);
  return { type: ctx.extended(Math.floor(j / VARIANTS.length)), variant: j % VARIANTS.length, usedIndex: ctx.coreOrder.length + base };
}

function ec2InstanceAttributes(ctx: Ec2Context, i: number, usedIndex: number, variant: Variant, it: InstanceSpec): [string, string][] {
  const rand = seededRandom(ctx.seed ^ Math.imul(i + 1, 0x85ebca6b) ^ 0x5bd1e995);
  const attrs: [string, string][] = [
    ['servicecode', 'AmazonEC2'],
    ['location', ctx.location],
    ['locationType', 'AWS Region'],
    ['instanceType', it.name],
    ['currentGeneration', /^(m5|c5|r5|i3|t3)$/.test(it.family) && rand() < 0.1 ? 'No' : 'Yes'],
    ['instanceFamily', it.spec.category],
    ['vcpu', String(it.vcpu)],
    ['physicalProcessor', it.spec.processor],
    ['clockSpeed', it.spec.clock],
    ['memory', formatGiB(it.memoryGiB)],
    ['storage', it.spec.storage ? `${Math.max(1, Math.round(it.vcpu / 4))} x ${it.spec.gpu ? 250 : 950} ${it.spec.storage}` : 'EBS only'],
    ['networkPerformance', it.spec.burstable ? 'Up to 5 Gigabit' : networkFor(it.vcpu)],
    ['processorArchitecture', it.spec.arch],
    ['tenancy', variant.tenancy],
    ['operatingSystem', variant.os],
    ['licenseModel', variant.license],
    ['usagetype', usageType(ctx.prefix, variant, it.name)],
    ['operation', variant.operation],
    ['availabilityzone', 'NA'],
    ['capacitystatus', variant.capacity],
    ['classicnetworkingsupport', 'false'],
    ['dedicatedEbsThroughput', it.vcpu <= 8 ? 'Up to 10000 Mbps' : `${it.vcpu * 312} Mbps`],
    ['ecu', it.spec.burstable ? 'Variable' : it.spec.arch === 'arm64' ? 'NA' : String(Math.round(it.vcpu * 4.5))],
    ['enhancedNetworkingSupported', 'Yes'],
  ];
  if (it.spec.gpu) attrs.push(['gpu', String(it.spec.gpu[0])]);
  attrs.push(['gpuMemory', it.spec.gpu ? it.spec.gpu[1] : 'NA']);
  if (variant.capacity === 'UnusedCapacityReservation' || variant.capacity === 'AllocatedCapacityReservation') {
    // Capacity-reservation SKUs point at the instance SKU they bill for.
    attrs.push(['instancesku', ec2Sku(ctx, EC2_EXTRAS + usedIndex)]);
  }
  const intel = (it.spec.features ?? '').includes('Intel');
  attrs.push(
    ['intelAvx2Available', intel ? 'Yes' : 'No'],
    ['intelAvxAvailable', intel ? 'Yes' : 'No'],
    ['intelTurboAvailable', intel ? 'Yes' : 'No'],
    ['marketoption', 'OnDemand'],
    ['normalizationSizeFactor', it.normalization],
    ['preInstalledSw', variant.sw],
  );
  if (it.spec.features) attrs.push(['processorFeatures', it.spec.features]);
  attrs.push(['regionCode', ctx.region], ['servicename', 'Amazon Elastic Compute Cloud'], ['vpcnetworkingsupport', 'true']);

  return attrs;
}

function ec2ProductAt(ctx: Ec2Context, i: number, withAttributes = true): Product {
  const sku = ec2Sku(ctx, i);
  if (i < EC2_EXTRAS) return ec2Extra(ctx, i, sku);
  const k = i - EC2_EXTRAS;
  const slot = ec2InstanceSlot(ctx, k);
  const variant = VARIANTS[slot.variant];
  const it = instanceSpec(slot.type);
  const attrs = withAttributes ? ec2InstanceAttributes(ctx, i, slot.usedIndex, variant, it) : [];

  const used = round4((it.price + variant.premiumPerVcpu * it.vcpu) * ctx.factor * (variant.tenancy === 'Dedicated' ? 1.1 : 1));
  const zero = variant.capacity === 'AllocatedCapacityReservation' || variant.tenancy === 'Host';
  const od = zero ? 0 : used;
  const dedicatedWord = variant.tenancy === 'Dedicated' ? ' Dedicated' : '';
  let odDesc: string;
  if (variant.tenancy === 'Host') odDesc = `$0.00 per ${variant.label} ${it.name} Dedicated Host Instance hour`;
  else if (variant.capacity === 'AllocatedCapacityReservation') odDesc = `$0.00 per Reservation ${variant.label} ${it.name}${dedicatedWord} Instance Hour`;
  else if (variant.capacity === 'UnusedCapacityReservation')
    odDesc = `$${priceShort(od)} per Unused Reservation ${variant.label} ${it.name}${dedicatedWord} Instance Hour`;
  else odDesc = `$${priceShort(od)} per On Demand ${variant.label} ${it.name}${dedicatedWord} Instance Hour`;

  const terms: Term[] = [
    {
      type: 'OnDemand',
      offerTermCode: ON_DEMAND_TERM,
      effectiveDate: ctx.effectiveDate,
      dimensions: [
        { rateCode: `${sku}.${ON_DEMAND_TERM}.${HOURLY_RATE}`, description: odDesc, beginRange: '0', endRange: 'Inf', unit: 'Hrs', price: price10(od) },
      ],
      termAttributes: [],
    },
  ];
  if (variant.capacity === 'Used' && variant.tenancy !== 'Host') {
    const riDesc = `${variant.riPlatform}, ${it.name}${variant.tenancy === 'Dedicated' ? ' dedicated' : ''} reserved instance applied`;
    const allUpfrontDesc = `USD 0.0 per ${riDesc}`;
    for (let n = 0; n < RESERVED_TERMS.length; n++) {
      const [code, lease, , option, eff] = RESERVED_TERMS[n];
      const years = lease === '3yr' ? 3 : 1;
      const rate = used * eff;
      const hourly = option === 'No Upfront' ? round4(rate) : option === 'Partial Upfront' ? round4(rate / 2) : 0;
      const dims: Dimension[] = [
        {
          rateCode: `${sku}.${code}.${HOURLY_RATE}`,
          description: option === 'All Upfront' ? allUpfrontDesc : riDesc,
          beginRange: '0',
          endRange: 'Inf',
          unit: 'Hrs',
          price: price10(hourly),
        },
      ];
      if (option !== 'No Upfront') {
        const fee = Math.round((option === 'All Upfront' ? rate : rate / 2) * 8760 * years);
        dims.push({ rateCode: `${sku}.${code}.${UPFRONT_RATE}`, description: 'Upfront Fee', unit: 'Quantity', price: String(fee) });
      }
      terms.push({
        type: 'Reserved',
        offerTermCode: code,
        effectiveDate: ctx.effectiveDate,
        dimensions: dims,
        termAttributes: RESERVED_TERM_ATTRIBUTES[n],
      });
    }
  }
  return { sku, productFamily: it.metal ? 'Compute Instance (bare metal)' : 'Compute Instance', attributes: attrs, terms };
}

function onDemandTerm(sku: string, effectiveDate: string, dims: Omit<Dimension, 'rateCode'>[], rateCodes: string[]): Term {
  return {
    type: 'OnDemand',
    offerTermCode: ON_DEMAND_TERM,
    effectiveDate,
    dimensions: dims.map((d, n) => ({ ...d, rateCode: `${sku}.${ON_DEMAND_TERM}.${rateCodes[n]}` })),
    termAttributes: [],
  };
}

function ec2Extra(ctx: Ec2Context, i: number, sku: string): Product {
  const rand = seededRandom(ctx.seed ^ Math.imul(i + 1, 0x27d4eb2d));
  const codes = [HOURLY_RATE, randomCode(rand, 10), randomCode(rand, 10), randomCode(rand, 10)];
  const base: [string, string][] = [
    ['servicecode', 'AmazonEC2'],
    ['location', ctx.location],
    ['locationType', 'AWS Region'],
  ];
  const tail: [string, string][] = [
    ['regionCode', ctx.region],
    ['servicename', 'Amazon Elastic Compute Cloud'],
  ];
  const f = ctx.factor;
  switch (i) {
    case 0:
      return {
        sku,
        productFamily: 'Storage',
        attributes: [
          ...base,
          ['storageMedia', 'SSD-backed'],
          ['volumeType', 'General Purpose'],
          ['maxVolumeSize', '16 TiB'],
          ['maxIopsvolume', '16000'],
          ['maxThroughputvolume', '1000 MiB/s'],
          ['usagetype', `${ctx.prefix}EBS:VolumeUsage.gp3`],
          ['operation', ''],
          ['volumeApiName', 'gp3'],
          ...tail,
        ],
        terms: [
          onDemandTerm(
            sku,
            ctx.effectiveDate,
            [
              {
                description: `$${priceShort(round4(0.08 * f))} per GB-month of General Purpose (gp3) provisioned storage - ${ctx.location}`,
                beginRange: '0',
                endRange: 'Inf',
                unit: 'GB-Mo',
                price: price10(round4(0.08 * f)),
              },
            ],
            [codes[1]],
          ),
        ],
      };
    case 1: {
      // Tiered pricing: several dimensions under one term, ranges as strings.
      const tiers: [string, string, number][] = [
        ['0', '10240', 0.09],
        ['10240', '51200', 0.085],
        ['51200', '153600', 0.07],
        ['153600', 'Inf', 0.05],
      ];
      return {
        sku,
        productFamily: 'Data Transfer',
        attributes: [
          ['servicecode', 'AWSDataTransfer'],
          ['transferType', 'AWS Outbound'],
          ['fromLocation', ctx.location],
          ['fromLocationType', 'AWS Region'],
          ['toLocation', 'External'],
          ['toLocationType', 'AWS Region'],
          ['usagetype', `${ctx.prefix}DataTransfer-Out-Bytes`],
          ['operation', ''],
          ['fromRegionCode', ctx.region],
          ['servicename', 'AWS Data Transfer'],
        ],
        terms: [
          onDemandTerm(
            sku,
            ctx.effectiveDate,
            tiers.map(([b, e, p]) => ({
              description: `$${priceShort(round4(p * f))} per GB - ${ctx.location} data transfer to Internet`,
              beginRange: b,
              endRange: e,
              unit: 'GB',
              price: price10(round4(p * f)),
            })),
            [codes[1], codes[2], codes[3], HOURLY_RATE],
          ),
        ],
      };
    }
    case 2:
      return {
        sku,
        productFamily: 'CPU Credits',
        attributes: [...base, ['operatingSystem', 'Linux'], ['usagetype', `${ctx.prefix}CPUCredits:t3`], ['operation', 'RunInstances'], ...tail],
        // Deliberately awkward text: an escaped quote, braces and a non-ASCII dash (\u2013 in JSON).
        terms: [
          onDemandTerm(
            sku,
            ctx.effectiveDate,
            [
              {
                description: '$0.05 per vCPU-Hour for "unlimited" {T3} CPU credits \u2013 Linux',
                beginRange: '0',
                endRange: 'Inf',
                unit: 'vCPU-Hours',
                price: price10(0.05),
              },
            ],
            [HOURLY_RATE],
          ),
        ],
      };
    case 3: {
      const hostPrice = round4(4.608 * f);
      return {
        sku,
        productFamily: 'Dedicated Host',
        attributes: [
          ...base,
          ['instanceType', 'm5'],
          ['instanceFamily', 'General purpose'],
          ['vcpu', 'NA'],
          ['physicalProcessor', 'Intel Xeon Platinum 8175 (Skylake)'],
          ['memory', 'NA'],
          ['tenancy', 'Host'],
          ['operatingSystem', 'NA'],
          ['licenseModel', 'NA'],
          ['usagetype', `${ctx.prefix}HostUsage:m5`],
          ['operation', 'RunInstances'],
          ['capacitystatus', 'NA'],
          ['preInstalledSw', 'NA'],
          ...tail,
        ],
        terms: [
          onDemandTerm(
            sku,
            ctx.effectiveDate,
            [
              {
                description: `$${priceShort(hostPrice)} per Dedicated Host m5 Host hour`,
                beginRange: '0',
                endRange: 'Inf',
                unit: 'Hrs',
                price: price10(hostPrice),
              },
            ],
            [HOURLY_RATE],
          ),
        ],
      };
    }
    case 4:
      return {
        sku,
        productFamily: 'IP Address',
        attributes: [
          ...base,
          ['group', 'ElasticIP:Address'],
          ['groupDescription', 'Elastic IP address attached to a running instance'],
          ['usagetype', `${ctx.prefix}ElasticIP:IdleAddress`],
          ['operation', 'AssociateAddressVPC'],
          ...tail,
        ],
        terms: [
          onDemandTerm(
            sku,
            ctx.effectiveDate,
            [
              {
                description: '$0.005 per Elastic IP address not attached to a running instance per hour',
                beginRange: '0',
                endRange: 'Inf',
                unit: 'Hrs',
                price: price10(0.005),
              },
            ],
            [HOURLY_RATE],
          ),
        ],
      };
    default: {
      // EBS volumes, their IOPS and throughput, NAT gateways: what the cost model prices besides instances.
      const [family, usage, unit, price, extra] = EC2_COMPONENTS[i - 5];
      const p = round4(price * f) || price * f;
      return {
        sku,
        productFamily: family,
        attributes: [...base, ...extra, ['usagetype', `${ctx.prefix}${usage}`], ['operation', ''], ...tail],
        terms: [
          onDemandTerm(
            sku,
            ctx.effectiveDate,
            [{ description: `$${p} per ${unit} of ${usage} - ${ctx.location}`, beginRange: '0', endRange: 'Inf', unit, price: price10(p) }],
            [codes[1]],
          ),
        ],
      };
    }
  }
}

// The 91 EC2 CSV columns of 2025-09 after "Product Family" (display name -> JSON attribute key).
const EC2_CSV_COLUMNS: readonly (readonly [string, string])[] = [
  ['serviceCode', 'servicecode'],
  ['Location', 'location'],
  ['Location Type', 'locationType'],
  ['Instance Type', 'instanceType'],
  ['Current Generation', 'currentGeneration'],
  ['Instance Family', 'instanceFamily'],
  ['vCPU', 'vcpu'],
  ['Physical Processor', 'physicalProcessor'],
  ['Clock Speed', 'clockSpeed'],
  ['Memory', 'memory'],
  ['Storage', 'storage'],
  ['Network Performance', 'networkPerformance'],
  ['Processor Architecture', 'processorArchitecture'],
  ['Storage Media', 'storageMedia'],
  ['Volume Type', 'volumeType'],
  ['Max Volume Size', 'maxVolumeSize'],
  ['Max IOPS/volume', 'maxIopsvolume'],
  ['Max IOPS Burst Performance', 'maxIopsBurstPerformance'],
  ['Max throughput/volume', 'maxThroughputvolume'],
  ['Provisioned', 'provisioned'],
  ['Tenancy', 'tenancy'],
  ['EBS Optimized', 'ebsOptimized'],
  ['Operating System', 'operatingSystem'],
  ['License Model', 'licenseModel'],
  ['Group', 'group'],
  ['Group Description', 'groupDescription'],
  ['Transfer Type', 'transferType'],
  ['From Location', 'fromLocation'],
  ['From Location Type', 'fromLocationType'],
  ['To Location', 'toLocation'],
  ['To Location Type', 'toLocationType'],
  ['usageType', 'usagetype'],
  ['operation', 'operation'],
  ['AvailabilityZone', 'availabilityzone'],
  ['CapacityStatus', 'capacitystatus'],
  ['ClassicNetworkingSupport', 'classicnetworkingsupport'],
  ['Dedicated EBS Throughput', 'dedicatedEbsThroughput'],
  ['ECU', 'ecu'],
  ['Elastic Graphics Type', 'elasticGraphicsType'],
  ['Enhanced Networking Supported', 'enhancedNetworkingSupported'],
  ['From Region Code', 'fromRegionCode'],
  ['GPU', 'gpu'],
  ['GPU Memory', 'gpuMemory'],
  ['Instance', 'instance'],
  ['Instance Capacity - 10xlarge', 'instanceCapacity10xlarge'],
  ['Instance Capacity - 12xlarge', 'instanceCapacity12xlarge'],
  ['Instance Capacity - 16xlarge', 'instanceCapacity16xlarge'],
  ['Instance Capacity - 18xlarge', 'instanceCapacity18xlarge'],
  ['Instance Capacity - 24xlarge', 'instanceCapacity24xlarge'],
  ['Instance Capacity - 2xlarge', 'instanceCapacity2xlarge'],
  ['Instance Capacity - 32xlarge', 'instanceCapacity32xlarge'],
  ['Instance Capacity - 4xlarge', 'instanceCapacity4xlarge'],
  ['Instance Capacity - 8xlarge', 'instanceCapacity8xlarge'],
  ['Instance Capacity - 9xlarge', 'instanceCapacity9xlarge'],
  ['Instance Capacity - large', 'instanceCapacityLarge'],
  ['Instance Capacity - medium', 'instanceCapacityMedium'],
  ['Instance Capacity - metal', 'instanceCapacityMetal'],
  ['Instance Capacity - xlarge', 'instanceCapacityXlarge'],
  ['instanceSKU', 'instancesku'],
  ['Intel AVX2 Available', 'intelAvx2Available'],
  ['Intel AVX Available', 'intelAvxAvailable'],
  ['Intel Turbo Available', 'intelTurboAvailable'],
  ['MarketOption', 'marketoption'],
  ['Normalization Size Factor', 'normalizationSizeFactor'],
  ['Physical Cores', 'physicalCores'],
  ['Pre Installed S/W', 'preInstalledSw'],
  ['Processor Features', 'processorFeatures'],
  ['Product Type', 'productType'],
  ['Region Code', 'regionCode'],
  ['Resource Type', 'resourceType'],
  ['serviceName', 'servicename'],
  ['SnapshotArchiveFeeType', 'snapshotarchivefeetype'],
  ['To Region Code', 'toRegionCode'],
  ['Volume API Name', 'volumeApiName'],
  ['VPCNetworkingSupport', 'vpcnetworkingsupport'],
];

function ec2Source(opts: Ec2RegionFileOptions, format: 'json' | 'csv'): OfferSource {
  const ctx = makeEc2Context(opts);
  const src: OfferSource = {
    offerCode: 'AmazonEC2',
    version: opts.version,
    publicationDate: opts.publicationDate,
    hasReserved: true,
    count: 0,
    skuAt: (i) => ec2Sku(ctx, i),
    productAt: (i, withAttributes) => ec2ProductAt(ctx, i, withAttributes),
    csvColumns: EC2_CSV_COLUMNS,
  };
  if (opts.products !== undefined) {
    src.count = Math.max(0, Math.floor(opts.products));
  } else if (opts.targetBytes === undefined && opts.instanceTypes && opts.instanceTypes.length > 0) {
    src.count = EC2_EXTRAS + ctx.core.length * VARIANTS.length;
  } else {
    const target = opts.targetBytes ?? DEFAULT_REGION_BYTES;
    const jsonCost = (i: number): number => {
      const p = ec2ProductAt(ctx, i);
      return productEntryJson(p).length + termsEntryJson(p, 'OnDemand').length + termsEntryJson(p, 'Reserved').length + 6;
    };
    const csvCost = (i: number): number => productCsvRows(src, ec2ProductAt(ctx, i)).text.length;
    const cost = format === 'json' ? jsonCost : csvCost;
    src.count = countForTarget(target, format === 'json' ? 700 : csvHeader(src).length, EC2_EXTRAS + 1, 400, cost);
  }
  return src;
}

/** Streams one EC2 region offer file (JSON, docs/aws-formats.md §1.6 layout). */
export async function writeEc2RegionOffer(file: string, opts: Ec2RegionFileOptions): Promise<{ bytes: number; skus: number }> {
  return writeOfferJson(file, ec2Source(opts, 'json'));
}

/** Streams one EC2 region offer file (CSV, docs/aws-formats.md §1.7 layout: 5 metadata rows, header, one row per price dimension). */
export async function writeEc2RegionCsv(file: string, opts: Ec2RegionFileOptions): Promise<{ bytes: number; rows: number }> {
  return writeOfferCsv(file, ec2Source(opts, 'csv'));
}

/** Whole-service EC2 file: a few products of every region (the real one is GBs; tests need it small). */
function ec2WholeServiceSource(regions: readonly string[], version: string, publicationDate: string): OfferSource {
  const perRegion = EC2_EXTRAS + 12;
  const ctxs = regions.map((region) => makeEc2Context({ region, location: regionLocation(region), version, publicationDate }));
  return {
    offerCode: 'AmazonEC2',
    version,
    publicationDate,
    hasReserved: true,
    count: perRegion * regions.length,
    skuAt: (i) => ec2Sku(ctxs[Math.floor(i / perRegion)], i % perRegion),
    productAt: (i, withAttributes) => ec2ProductAt(ctxs[Math.floor(i / perRegion)], i % perRegion, withAttributes),
    csvColumns: EC2_CSV_COLUMNS,
  };
}

// ---------------------------------------------------------------------------------------------
// Small services

interface SmallProductSpec {
  family: string;
  attributes: [string, string][];
  dims: Omit<Dimension, 'rateCode'>[];
  reserved?: boolean;
  hourly?: number;
}

/** AWS omits attributes that do not apply rather than writing them empty. */
function withoutEmpty(pairs: [string, string][]): [string, string][] {
  return pairs.filter(([, value]) => value !== '');
}

function smallProductSpecs(code: string, region: string): SmallProductSpec[] {
  const location = region === 'global' ? 'Global' : regionLocation(region);
  const pfx = region === 'global' ? 'Global-' : servicePrefix(region);
  const f = region === 'global' ? 1 : regionPriceFactor(region);
  const loc: [string, string][] = [
    ['location', location],
    ['locationType', 'AWS Region'],
  ];
  const rc: [string, string][] = region === 'global' ? [] : [['regionCode', region]];
  const flat = (description: string, unit: string, p: number): Omit<Dimension, 'rateCode'> => ({
    description,
    beginRange: '0',
    endRange: 'Inf',
    unit,
    price: price10(p),
  });
  switch (code) {
    case 'AmazonRDS': {
      const out: SmallProductSpec[] = [];
      const engines: [string, string, string, string, number][] = [
        ['MySQL', '2', 'No license required', 'CreateDBInstance:0002', 0],
        ['PostgreSQL', '14', 'No license required', 'CreateDBInstance:0014', 0.004],
        ['SQL Server', '12', 'License included', 'CreateDBInstance:0012', 0.31],
      ];
      for (const [type, vcpu, mem, base] of [
        ['db.m5.large', '2', '8 GiB', 0.171],
        ['db.t3.micro', '2', '1 GiB', 0.017],
        ['db.r6g.large', '2', '16 GiB', 0.215],
      ] as const) {
        for (const [engine, engineCode, license, op, premium] of engines) {
          for (const deployment of ['Single-AZ', 'Multi-AZ']) {
            const hourly = round4((base + premium) * (deployment === 'Multi-AZ' ? 2 : 1) * f);
            out.push({
              family: 'Database Instance',
              attributes: withoutEmpty([
                ['servicecode', 'AmazonRDS'],
                ...loc,
                ['instanceType', type],
                ['currentGeneration', 'Yes'],
                ['instanceFamily', type.includes('.t') ? 'General purpose' : type.includes('.r') ? 'Memory optimized' : 'General purpose'],
                ['vcpu', vcpu],
                ['memory', mem],
                ['storage', 'EBS Only'],
                ['networkPerformance', 'Up to 10 Gigabit'],
                ['processorArchitecture', type.includes('g.') ? 'arm64' : '64-bit'],
                ['engineCode', engineCode],
                ['databaseEngine', engine],
                ['databaseEdition', engine === 'SQL Server' ? 'Express' : ''],
                ['licenseModel', license],
                ['deploymentOption', deployment],
                ['usagetype', `${pfx}${deployment === 'Multi-AZ' ? 'Multi-AZUsage' : 'InstanceUsage'}:${type}`],
                ['operation', op],
                ...rc,
                ['servicename', 'Amazon Relational Database Service'],
              ]),
              dims: [flat(`$${priceShort(hourly)} per RDS ${type} ${deployment} instance hour (or partial hour) running ${engine}`, 'Hrs', hourly)],
              reserved: true,
              hourly,
            });
          }
        }
      }
      // Storage and IOPS: one `Any`-engine row per deployment, as the cost model reads them; an
      // Aurora storage row (usage-based, cluster-billed) is the decoy.
      const storage: [string, string, string, number][] = [
        ['Database Storage', 'GP2-Storage', 'GB-Mo', 0.115],
        ['Database Storage', 'GP3-Storage', 'GB-Mo', 0.115],
        ['Database Storage', 'PIOPS-Storage', 'GB-Mo', 0.125],
        ['Database Storage', 'StorageUsage', 'GB-Mo', 0.1],
        ['Provisioned IOPS', 'PIOPS', 'IOPS-Mo', 0.1],
        ['Provisioned IOPS', 'GP3-PIOPS', 'IOPS-Mo', 0.02],
      ];
      for (const [family, usage, unit, single] of storage) {
        for (const deployment of ['Single-AZ', 'Multi-AZ']) {
          const p = round4(single * (deployment === 'Multi-AZ' ? 2 : 1) * f);
          out.push({
            family,
            attributes: [
              ['servicecode', 'AmazonRDS'],
              ...loc,
              ['databaseEngine', 'Any'],
              ['deploymentOption', deployment],
              ['usagetype', `${pfx}RDS:${deployment === 'Multi-AZ' ? 'Multi-AZ-' : ''}${usage}`],
              ['operation', ''],
              ...rc,
              ['servicename', 'Amazon Relational Database Service'],
            ],
            dims: [flat(`$${priceShort(p)} per ${unit} of ${deployment} ${usage}`, unit, p)],
          });
        }
      }
      out.push({
        family: 'Database Storage',
        attributes: [
          ['servicecode', 'AmazonRDS'],
          ...loc,
          ['databaseEngine', 'Aurora MySQL'],
          ['deploymentOption', 'Single-AZ'],
          ['usagetype', `${pfx}Aurora:StorageUsage`],
          ['operation', ''],
          ...rc,
          ['servicename', 'Amazon Relational Database Service'],
        ],
        dims: [flat('$0.10 per GB-month of Aurora storage', 'GB-Mo', round4(0.1 * f))],
      });
      return out;
    }
    case 'AmazonEKS':
      return [
        {
          family: 'Compute',
          attributes: [
            ['servicecode', 'AmazonEKS'],
            ...loc,
            ['tiertype', 'HAStandard'],
            ['usagetype', `${pfx}AmazonEKS-Hours:perCluster`],
            ['operation', 'CreateOperation'],
            ...rc,
            ['servicename', 'Amazon Elastic Kubernetes Service'],
          ],
          dims: [flat('$0.10 per hour per EKS cluster', 'Hrs', round4(0.1 * f))],
        },
        {
          family: 'Compute',
          attributes: [
            ['servicecode', 'AmazonEKS'],
            ...loc,
            ['tiertype', 'HAExtended'],
            ['usagetype', `${pfx}AmazonEKS-Hours:extendedSupport`],
            ['operation', 'ExtendedSupport'],
            ...rc,
            ['servicename', 'Amazon Elastic Kubernetes Service'],
          ],
          dims: [flat('$0.50 per hour per EKS cluster in extended support', 'Hrs', round4(0.5 * f))],
        },
        {
          // Fargate pods share the family: a decoy for the cluster's hours.
          family: 'Compute',
          attributes: [
            ['servicecode', 'AmazonEKS'],
            ...loc,
            ['usagetype', `${pfx}Fargate-vCPU-Hours:perCPU`],
            ['operation', 'FargateTask'],
            ...rc,
            ['servicename', 'Amazon Elastic Kubernetes Service'],
          ],
          dims: [flat('$0.04048 per vCPU-hour for Fargate pods', 'hours', round4(0.04048 * f))],
        },
      ];
    case 'AWSELB': {
      const lb = (family: string, usage: string, unit: string, p: number, operation: string): SmallProductSpec => ({
        family,
        attributes: [
          ['servicecode', 'AWSELB'],
          ...loc,
          ['groupDescription', `${family} ${usage}`],
          ['usagetype', `${pfx}${usage}`],
          ['operation', operation],
          ...rc,
          ['servicename', 'Elastic Load Balancing'],
        ],
        dims: [flat(`$${priceShort(round4(p * f))} per ${unit} for ${family}`, unit, round4(p * f))],
      });
      return [
        lb('Load Balancer-Application', 'LoadBalancerUsage', 'Hrs', 0.0225, 'LoadBalancing:Application'),
        lb('Load Balancer-Application', 'LCUUsage', 'LCU-Hrs', 0.008, 'LoadBalancing:Application'),
        // Outposts and trust-store rows share the family and end in the same words: decoys.
        lb('Load Balancer-Application', 'Outposts-LoadBalancerUsage', 'Hrs', 0.0, 'LoadBalancing:Application'),
        lb('Load Balancer-Application', 'TS-LoadBalancerUsage', 'Hrs', 0.0075, 'LoadBalancing:Application'),
        lb('Load Balancer-Network', 'LoadBalancerUsage', 'Hrs', 0.0225, 'LoadBalancing:Network'),
        lb('Load Balancer-Network', 'LCUUsage', 'LCU-Hrs', 0.006, 'LoadBalancing:Network'),
        lb('Load Balancer-Gateway', 'LoadBalancerUsage', 'Hrs', 0.0125, 'LoadBalancing:Gateway'),
        lb('Load Balancer-Gateway', 'LCUUsage', 'LCU-Hrs', 0.004, 'LoadBalancing:Gateway'),
        lb('Load Balancer', 'LoadBalancerUsage', 'Hrs', 0.025, 'LoadBalancing'),
        lb('Load Balancer', 'DataProcessing-Bytes', 'GB', 0.008, 'LoadBalancing'),
      ];
    }
    case 'AWSLambda':
      return [
        {
          family: 'Serverless',
          attributes: [
            ['servicecode', 'AWSLambda'],
            ...loc,
            ['group', 'AWS-Lambda-Duration'],
            ['groupDescription', 'Invocation duration'],
            ['usagetype', `${pfx}Lambda-GB-Second`],
            ['operation', 'Invoke'],
            ...rc,
            ['servicename', 'AWS Lambda'],
          ],
          dims: [
            {
              description: 'AWS Lambda - Total Compute - Tier 1',
              beginRange: '0',
              endRange: '6000000000',
              unit: 'Lambda-GB-Second',
              price: price10(0.0000166667 * f),
            },
            {
              description: 'AWS Lambda - Total Compute - Tier 2',
              beginRange: '6000000000',
              endRange: '15000000000',
              unit: 'Lambda-GB-Second',
              price: price10(0.000015 * f),
            },
            {
              description: 'AWS Lambda - Total Compute - Tier 3',
              beginRange: '15000000000',
              endRange: 'Inf',
              unit: 'Lambda-GB-Second',
              price: price10(0.0000133334 * f),
            },
          ],
        },
        {
          family: 'Serverless',
          attributes: [
            ['servicecode', 'AWSLambda'],
            ...loc,
            ['group', 'AWS-Lambda-Requests'],
            ['groupDescription', 'Invocation call for a Lambda function'],
            ['usagetype', `${pfx}Request`],
            ['operation', 'Invoke'],
            ...rc,
            ['servicename', 'AWS Lambda'],
          ],
          dims: [flat('AWS Lambda - Requests Free Tier - 1,000,000 Requests', 'Requests', 0.0000002 * f)],
        },
        {
          family: 'Serverless',
          attributes: [
            ['servicecode', 'AWSLambda'],
            ...loc,
            ['group', 'AWS-Lambda-Duration-ARM'],
            ['groupDescription', 'Invocation duration on Arm'],
            ['usagetype', `${pfx}Lambda-GB-Second-ARM`],
            ['operation', 'Invoke'],
            ...rc,
            ['servicename', 'AWS Lambda'],
          ],
          dims: [flat('AWS Lambda - Total Compute (Arm) - Tier 1', 'Lambda-GB-Second', 0.0000133334 * f)],
        },
      ];
    case 'comprehend':
      return [
        {
          family: 'Natural Language Processing',
          attributes: [
            ['servicecode', 'comprehend'],
            ...loc,
            ['group', 'Comprehend-Entities'],
            ['usagetype', `${pfx}ComprehendEntities-Units`],
            ['operation', 'DetectEntities'],
            ...rc,
            ['servicename', 'Amazon Comprehend'],
          ],
          dims: [
            { description: '$0.0001 per unit for the first 10M units', beginRange: '0', endRange: '10000000', unit: 'Units', price: price10(0.0001 * f) },
            {
              description: '$0.00005 per unit for the next 40M units',
              beginRange: '10000000',
              endRange: '50000000',
              unit: 'Units',
              price: price10(0.00005 * f),
            },
            { description: '$0.000025 per unit over 50M units', beginRange: '50000000', endRange: 'Inf', unit: 'Units', price: price10(0.000025 * f) },
          ],
        },
        {
          family: 'Natural Language Processing',
          attributes: [
            ['servicecode', 'comprehend'],
            ...loc,
            ['group', 'Comprehend-Sentiment'],
            ['usagetype', `${pfx}ComprehendSentiment-Units`],
            ['operation', 'DetectSentiment'],
            ...rc,
            ['servicename', 'Amazon Comprehend'],
          ],
          dims: [flat('$0.0001 per unit of sentiment analysis', 'Units', 0.0001 * f)],
        },
      ];
    default:
      // AmazonRoute53: priced once, globally.
      return [
        {
          family: 'DNS Query',
          attributes: [
            ['servicecode', 'AmazonRoute53'],
            ['location', 'Global'],
            ['locationType', 'AWS Region'],
            ['routingType', 'Standard'],
            ['usagetype', 'DNS-Queries'],
            ['operation', ''],
            ['servicename', 'Amazon Route 53'],
          ],
          dims: [
            {
              description: '$0.40 per 1,000,000 queries for the first 1 Billion queries',
              beginRange: '0',
              endRange: '1000000000',
              unit: 'Queries',
              price: price10(0.0000004),
            },
            {
              description: '$0.20 per 1,000,000 queries over 1 Billion queries',
              beginRange: '1000000000',
              endRange: 'Inf',
              unit: 'Queries',
              price: price10(0.0000002),
            },
          ],
        },
        {
          family: 'DNS Zone',
          attributes: [
            ['servicecode', 'AmazonRoute53'],
            ['location', 'Global'],
            ['locationType', 'AWS Region'],
            ['usagetype', 'HostedZone'],
            ['operation', ''],
            ['servicename', 'Amazon Route 53'],
          ],
          dims: [
            { description: '$0.50 per Hosted Zone for the first 25 Hosted Zones', beginRange: '0', endRange: '25', unit: 'HostedZone', price: price10(0.5) },
            { description: '$0.10 per Hosted Zone for Hosted Zones above 25', beginRange: '25', endRange: 'Inf', unit: 'HostedZone', price: price10(0.1) },
          ],
        },
        {
          family: 'DNS Health Check',
          attributes: [
            ['servicecode', 'AmazonRoute53'],
            ['location', 'Global'],
            ['locationType', 'AWS Region'],
            ['usagetype', 'Health-Check-AWS'],
            ['operation', ''],
            ['servicename', 'Amazon Route 53'],
          ],
          dims: [flat('$0.50 per health check for AWS endpoints', 'Health-Check', 0.5)],
        },
      ];
  }
}

const RDS_RESERVED = RESERVED_TERMS.filter(([, , cls]) => cls === 'standard');

function smallProducts(code: string, region: string, version: string): Product[] {
  const effectiveDate = isoSeconds(monthStart(versionToDate(version)));
  return smallProductSpecs(code, region).map((spec, n) => {
    const rand = seededRandom(seedFor(code, region, n));
    const sku = randomCode(rand, 16);
    const rateCodes = spec.dims.map((_, d) => (d === 0 && spec.dims.length === 1 ? HOURLY_RATE : randomCode(rand, 10)));
    const terms: Term[] = [onDemandTerm(sku, effectiveDate, spec.dims, rateCodes)];
    if (spec.reserved && spec.hourly !== undefined) {
      for (const [tcode, lease, cls, option, eff] of RDS_RESERVED) {
        const years = lease === '3yr' ? 3 : 1;
        const rate = spec.hourly * eff;
        const hourly = option === 'No Upfront' ? round4(rate) : option === 'Partial Upfront' ? round4(rate / 2) : 0;
        const dims: Dimension[] = [
          {
            rateCode: `${sku}.${tcode}.${HOURLY_RATE}`,
            description: `RDS reserved instance applied (${option})`,
            beginRange: '0',
            endRange: 'Inf',
            unit: 'Hrs',
            price: price10(hourly),
          },
        ];
        if (option !== 'No Upfront') {
          dims.push({
            rateCode: `${sku}.${tcode}.${UPFRONT_RATE}`,
            description: 'Upfront Fee',
            unit: 'Quantity',
            price: String(Math.round((option === 'All Upfront' ? rate : rate / 2) * 8760 * years)),
          });
        }
        terms.push({
          type: 'Reserved',
          offerTermCode: tcode,
          effectiveDate,
          dimensions: dims,
          termAttributes: [
            ['LeaseContractLength', lease],
            ['OfferingClass', cls],
            ['PurchaseOption', option],
          ],
        });
      }
    }
    return { sku, productFamily: spec.family, attributes: spec.attributes, terms };
  });
}

const SMALL_CSV_COLUMNS: Record<string, readonly (readonly [string, string])[]> = {
  AmazonRDS: [
    ['serviceCode', 'servicecode'],
    ['Location', 'location'],
    ['Location Type', 'locationType'],
    ['Instance Type', 'instanceType'],
    ['Current Generation', 'currentGeneration'],
    ['Instance Family', 'instanceFamily'],
    ['vCPU', 'vcpu'],
    ['Memory', 'memory'],
    ['Storage', 'storage'],
    ['Network Performance', 'networkPerformance'],
    ['Processor Architecture', 'processorArchitecture'],
    ['Engine Code', 'engineCode'],
    ['Database Engine', 'databaseEngine'],
    ['Database Edition', 'databaseEdition'],
    ['License Model', 'licenseModel'],
    ['Deployment Option', 'deploymentOption'],
    ['usageType', 'usagetype'],
    ['operation', 'operation'],
    ['Region Code', 'regionCode'],
    ['serviceName', 'servicename'],
  ],
  AWSLambda: [
    ['serviceCode', 'servicecode'],
    ['Location', 'location'],
    ['Location Type', 'locationType'],
    ['Group', 'group'],
    ['Group Description', 'groupDescription'],
    ['usageType', 'usagetype'],
    ['operation', 'operation'],
    ['Region Code', 'regionCode'],
    ['serviceName', 'servicename'],
  ],
  AmazonEKS: [
    ['serviceCode', 'servicecode'],
    ['Location', 'location'],
    ['Location Type', 'locationType'],
    ['Tier Type', 'tiertype'],
    ['usageType', 'usagetype'],
    ['operation', 'operation'],
    ['Region Code', 'regionCode'],
    ['serviceName', 'servicename'],
  ],
  AWSELB: [
    ['serviceCode', 'servicecode'],
    ['Location', 'location'],
    ['Location Type', 'locationType'],
    ['Group Description', 'groupDescription'],
    ['usageType', 'usagetype'],
    ['operation', 'operation'],
    ['Region Code', 'regionCode'],
    ['serviceName', 'servicename'],
  ],
  comprehend: [
    ['serviceCode', 'servicecode'],
    ['Location', 'location'],
    ['Location Type', 'locationType'],
    ['Group', 'group'],
    ['usageType', 'usagetype'],
    ['operation', 'operation'],
    ['Region Code', 'regionCode'],
    ['serviceName', 'servicename'],
  ],
  AmazonRoute53: [
    ['serviceCode', 'servicecode'],
    ['Location', 'location'],
    ['Location Type', 'locationType'],
    ['Routing Type', 'routingType'],
    ['usageType', 'usagetype'],
    ['operation', 'operation'],
    ['serviceName', 'servicename'],
  ],
};

function smallSource(code: string, regions: readonly string[], version: string, publicationDate: string): OfferSource {
  const products = regions.flatMap((r) => smallProducts(code, r, version));
  return {
    offerCode: code,
    version,
    publicationDate,
    hasReserved: code === 'AmazonRDS',
    count: products.length,
    skuAt: (i) => products[i].sku,
    productAt: (i) => products[i],
    csvColumns: SMALL_CSV_COLUMNS[code],
  };
}

// ---------------------------------------------------------------------------------------------
// Savings Plans (docs/aws-formats.md §1.5)

const SP_PLANS: readonly (readonly [family: string, years: number, option: string, discount: number, instanceFamily: string])[] = [
  ['ComputeSavingsPlans', 1, 'No Upfront', 0.72, ''],
  ['ComputeSavingsPlans', 1, 'Partial Upfront', 0.69, ''],
  ['ComputeSavingsPlans', 1, 'All Upfront', 0.68, ''],
  ['ComputeSavingsPlans', 3, 'No Upfront', 0.52, ''],
  ['ComputeSavingsPlans', 3, 'Partial Upfront', 0.5, ''],
  ['ComputeSavingsPlans', 3, 'All Upfront', 0.48, ''],
  ['EC2InstanceSavingsPlans', 1, 'No Upfront', 0.63, 'm5'],
  ['EC2InstanceSavingsPlans', 3, 'Partial Upfront', 0.43, 'm5'],
];

function spRate(x: number): string {
  return String(Number(x.toFixed(4)));
}

interface SpRate {
  plan: number;
  planSku: string;
  discountedSku: string;
  discountedServiceCode: string;
  discountedUsageType: string;
  discountedOperation: string;
  unit: string;
  price: string;
  instanceType: string;
}

interface SpData {
  planSkus: string[];
  usageTypes: string[];
  descriptions: string[];
  rates: SpRate[];
}

/** `ec2Products`: how many products the region's EC2 file has, so every discounted SKU exists in it. */
function savingsPlanData(region: string, ec2Version: string, publicationDate: string, ec2Products: number): SpData {
  const ctx = makeEc2Context({ region, location: regionLocation(region), version: ec2Version, publicationDate });
  const prefix = usagePrefix(region);
  const planSkus = SP_PLANS.map((_, n) => randomCode(seededRandom(seedFor(SAVINGS_PLAN_CODE, region, n)), 16));
  const usageTypes = SP_PLANS.map(([fam, years, option, , instFam]) => {
    const compact = option.replace(/ /g, '');
    return fam === 'ComputeSavingsPlans' ? `ComputeSP:${years}yr${compact}` : `${prefix}EC2SP:${instFam}.${years}yr${compact}`;
  });
  const descriptions = SP_PLANS.map(([fam, years, option, , instFam]) =>
    fam === 'ComputeSavingsPlans'
      ? `${years} year ${option} Compute Savings Plan`
      : `${years} year ${option} ${instFam} EC2 Instance Savings Plan in ${region}`,
  );
  // Rates point at real SKUs of this region's EC2 file (and Lambda's), so joins can be tested.
  const targets: { sku: string; svc: string; usage: string; op: string; unit: string; od: number; type: string }[] = [];
  for (let i = EC2_EXTRAS; i < Math.min(EC2_EXTRAS + 40, ec2Products); i++) {
    const p = ec2ProductAt(ctx, i);
    const a = new Map(p.attributes);
    if (a.get('capacitystatus') !== 'Used' || a.get('tenancy') === 'Host') continue;
    targets.push({
      sku: p.sku,
      svc: 'AmazonEC2',
      usage: a.get('usagetype') ?? '',
      op: a.get('operation') ?? '',
      unit: 'Hrs',
      od: Number(p.terms[0].dimensions[0].price),
      type: a.get('instanceType') ?? '',
    });
  }
  const lambda = smallProducts('AWSLambda', region, ec2Version)[0];
  targets.push({
    sku: lambda.sku,
    svc: 'AWSLambda',
    usage: lambda.attributes.find(([k]) => k === 'usagetype')?.[1] ?? '',
    op: 'Invoke',
    unit: 'Lambda-GB-Second',
    od: Number(lambda.terms[0].dimensions[0].price),
    type: '',
  });
  const rates: SpRate[] = [];
  SP_PLANS.forEach(([fam, , , discount, instFam], plan) => {
    for (const t of targets) {
      if (fam === 'EC2InstanceSavingsPlans' && (t.svc !== 'AmazonEC2' || !t.type.startsWith(instFam + '.'))) continue;
      rates.push({
        plan,
        planSku: planSkus[plan],
        discountedSku: t.sku,
        discountedServiceCode: t.svc,
        discountedUsageType: t.usage,
        discountedOperation: t.op,
        unit: t.unit,
        price: t.unit === 'Hrs' ? spRate(t.od * discount) : String(Number((t.od * discount).toFixed(10))),
        instanceType: t.type,
      });
    }
  });
  return { planSkus, usageTypes, descriptions, rates };
}

function savingsPlanRegionJson(region: string, spVersion: string, spPublicationDate: string, data: SpData): string {
  const effectiveDate = spPublicationDate;
  return jacksonStringify({
    version: spVersion,
    publicationDate: spPublicationDate,
    regionCode: region,
    products: SP_PLANS.map(([fam, years, option, , instFam], n) => ({
      sku: data.planSkus[n],
      productFamily: fam,
      serviceCode: 'ComputeSavingsPlans',
      usageType: data.usageTypes[n],
      operation: '',
      attributes: {
        purchaseOption: option,
        granularity: 'hourly',
        ...(instFam ? { instanceType: instFam } : {}),
        purchaseTerm: `${years}yr`,
        locationType: 'AWS Region',
        location: fam === 'ComputeSavingsPlans' ? 'Any' : regionLocation(region),
      },
    })),
    terms: {
      savingsPlan: SP_PLANS.map(([, years], n) => ({
        sku: data.planSkus[n],
        description: data.descriptions[n],
        effectiveDate,
        leaseContractLength: { duration: years, unit: 'year' },
        rates: data.rates
          .filter((r) => r.plan === n)
          .map((r) => ({
            discountedSku: r.discountedSku,
            discountedUsageType: r.discountedUsageType,
            discountedOperation: r.discountedOperation,
            discountedServiceCode: r.discountedServiceCode,
            rateCode: `${r.planSku}.${r.discountedSku}`,
            unit: r.unit,
            discountedRate: { price: r.price, currency: 'USD' },
          })),
      })),
    },
  });
}

/** The real SP CSV is unquoted (its values never contain commas) and says AmazonComputeSavingsPlan. */
function savingsPlanRegionCsv(region: string, spVersion: string, spPublicationDate: string, data: SpData): string {
  const lines = [
    'FormatVersion,v1.0',
    `Disclaimer,${DISCLAIMER}`,
    `Publication Date,${spPublicationDate}`,
    `Version,${spVersion}`,
    'OfferCode,AmazonComputeSavingsPlan',
    'SKU,RateCode,Unit,EffectiveDate,DiscountedRate,Currency,DiscountedSKU,DiscountedServiceCode,DiscountedUsageType,DiscountedOperation,PurchaseOption,LeaseContractLength,LeaseContractLengthUnit,ServiceCode,UsageType,Operation,Description,Instance Family,Location,Location Type,Granularity,Product Family,DiscountedRegionCode,DiscountedInstanceType',
  ];
  const sorted = [...data.rates].sort((a, b) => (a.planSku + a.discountedSku < b.planSku + b.discountedSku ? -1 : 1));
  for (const r of sorted) {
    const [fam, years, option, , instFam] = SP_PLANS[r.plan];
    lines.push(
      [
        r.planSku,
        `${r.planSku}.${r.discountedSku}`,
        r.unit,
        spPublicationDate,
        r.price,
        'USD',
        r.discountedSku,
        r.discountedServiceCode,
        r.discountedUsageType,
        r.discountedOperation,
        option,
        String(years),
        'year',
        'ComputeSavingsPlans',
        data.usageTypes[r.plan],
        '',
        data.descriptions[r.plan],
        instFam,
        fam === 'ComputeSavingsPlans' ? 'Any' : regionLocation(region),
        'AWS Region',
        'hourly',
        fam,
        region,
        r.instanceType,
      ].join(','),
    );
  }
  return lines.join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------
// The tree

export const FIXTURE_OFFER_CODES: readonly string[] = ['AmazonEC2', 'AmazonRDS', 'AWSLambda', 'AmazonEKS', 'AWSELB', 'comprehend', 'AmazonRoute53'];
const SP_OFFERS = new Set(['AmazonEC2', 'AWSLambda']);

/** Writes a complete bulk tree under `root` (URL path == path below root). */
export async function writeFixtureTree(options: FixtureOptions): Promise<FixtureTree> {
  const root = path.resolve(options.root);
  const regions = options.regions && options.regions.length > 0 ? [...options.regions] : [...DEFAULT_REGIONS];
  const version = options.version ?? DEFAULT_VERSION;
  const versionDate = versionToDate(version);
  const publicationDate = isoSeconds(versionDate);
  // Savings Plans publish on their own schedule (the real pair: 20250912225308 vs 20250911184447).
  const spDate = new Date(versionDate.getTime() - (24 * 3600 + 4 * 3600 + 8 * 60 + 21) * 1000);
  const spVersion = dateToVersion(spDate);
  const spPublicationDate = isoSeconds(spDate);
  const regionBytes = options.regionBytes ?? DEFAULT_REGION_BYTES;
  const files: string[] = [];
  const ec2Products = new Map<string, number>();

  const abs = (urlPath: string): string => path.join(root, ...urlPath.split('/'));
  const writeText = async (urlPath: string, text: string): Promise<void> => {
    await fs.promises.mkdir(path.dirname(abs(urlPath)), { recursive: true });
    await fs.promises.writeFile(abs(urlPath), text);
    files.push(urlPath);
  };
  const writeJson = (urlPath: string, value: unknown): Promise<void> => writeText(urlPath, jacksonStringify(value));
  // Same bytes under a second URL (documented `current/` aliases); a hard link avoids a second copy of big files.
  const alias = async (fromUrl: string, toUrl: string): Promise<void> => {
    await fs.promises.mkdir(path.dirname(abs(toUrl)), { recursive: true });
    await fs.promises.rm(abs(toUrl), { force: true });
    try {
      await fs.promises.link(abs(fromUrl), abs(toUrl));
    } catch {
      await fs.promises.copyFile(abs(fromUrl), abs(toUrl));
    }
    files.push(toUrl);
  };

  const base = '/offers/v1.0/aws';
  const spBase = `/savingsPlan/v1.0/aws/${SAVINGS_PLAN_CODE}`;

  // Offer index: real order is neither alphabetical nor by case (comprehend first in 2025).
  const offerOrder = ['comprehend', 'AmazonRDS', 'AWSLambda', 'AmazonEC2', 'AWSELB', 'AmazonEKS', 'AmazonRoute53'];
  const offers: Record<string, unknown> = {};
  for (const code of offerOrder) {
    const o: Record<string, string> = {
      offerCode: code,
      versionIndexUrl: `${base}/${code}/index.json`,
      currentVersionUrl: `${base}/${code}/current/index.json`,
      currentRegionIndexUrl: `${base}/${code}/current/region_index.json`,
    };
    if (SP_OFFERS.has(code)) {
      o.savingsPlanVersionIndexUrl = `${spBase}/current/index.json`;
      o.currentSavingsPlanIndexUrl = `${spBase}/current/region_index.json`;
    }
    offers[code] = o;
  }
  await writeJson(`${base}/index.json`, { formatVersion: 'v1.0', disclaimer: DISCLAIMER, publicationDate, offers });

  for (const code of FIXTURE_OFFER_CODES) {
    const offerRegions = code === 'AmazonRoute53' ? ['global'] : regions;

    // Version index: at least 3 versions, keys deliberately unsorted, current one with an empty end date.
    const older = [13, 1, 2].map((back) => {
      // Published late in the month it covers, like 20250828212014 for August 2025.
      const d = new Date(Date.UTC(versionDate.getUTCFullYear(), versionDate.getUTCMonth() - back, 20 + (back % 8), 17 + (back % 5), 20 + back, 14 + back));
      return { id: dateToVersion(d), begin: monthStart(versionDate, back), end: monthStart(versionDate, back - 1) };
    });
    const versions: Record<string, unknown> = {};
    for (const o of older) {
      versions[o.id] = {
        versionEffectiveBeginDate: isoSeconds(o.begin),
        versionEffectiveEndDate: isoSeconds(o.end),
        offerVersionUrl: `${base}/${code}/${o.id}/index.json`,
      };
    }
    versions[version] = {
      versionEffectiveBeginDate: isoSeconds(monthStart(versionDate)),
      versionEffectiveEndDate: '',
      offerVersionUrl: `${base}/${code}/${version}/index.json`,
    };
    await writeJson(`${base}/${code}/index.json`, {
      formatVersion: 'v1.0',
      disclaimer: DISCLAIMER,
      publicationDate,
      offerCode: code,
      currentVersion: version,
      versions,
    });

    // Region index: `regions` is an object keyed by region code; URLs are versioned.
    const regionEntries: Record<string, unknown> = {};
    for (const r of offerRegions) regionEntries[r] = { regionCode: r, currentVersionUrl: `${base}/${code}/${version}/${r}/index.json` };
    await writeJson(`${base}/${code}/current/region_index.json`, { formatVersion: 'v1.0', disclaimer: DISCLAIMER, publicationDate, regions: regionEntries });

    // Regional files; `current/<region>/` is the documented alias of the versioned path.
    for (const r of offerRegions) {
      const jsonUrl = `${base}/${code}/${version}/${r}/index.json`;
      const csvUrl = `${base}/${code}/${version}/${r}/index.csv`;
      if (code === 'AmazonEC2') {
        const opts: Ec2RegionFileOptions = { region: r, location: regionLocation(r), version, publicationDate, targetBytes: regionBytes };
        const { skus } = await writeEc2RegionOffer(abs(jsonUrl), opts);
        ec2Products.set(r, skus);
        files.push(jsonUrl);
        // Same products in the CSV as in the JSON, like AWS's two renderings of one offer.
        await writeEc2RegionCsv(abs(csvUrl), { ...opts, products: skus });
        files.push(csvUrl);
      } else {
        const src = smallSource(code, [r], version, publicationDate);
        await writeOfferJson(abs(jsonUrl), src);
        files.push(jsonUrl);
        await writeOfferCsv(abs(csvUrl), src);
        files.push(csvUrl);
      }
      await alias(jsonUrl, `${base}/${code}/current/${r}/index.json`);
      await alias(csvUrl, `${base}/${code}/current/${r}/index.csv`);
    }

    // Whole-service files (current + the versioned URL the version index points at).
    const whole = code === 'AmazonEC2' ? ec2WholeServiceSource(regions, version, publicationDate) : smallSource(code, offerRegions, version, publicationDate);
    await writeOfferJson(abs(`${base}/${code}/current/index.json`), whole);
    files.push(`${base}/${code}/current/index.json`);
    await writeOfferCsv(abs(`${base}/${code}/current/index.csv`), whole);
    files.push(`${base}/${code}/current/index.csv`);
    await alias(`${base}/${code}/current/index.json`, `${base}/${code}/${version}/index.json`);
    await alias(`${base}/${code}/current/index.csv`, `${base}/${code}/${version}/index.csv`);
  }

  // Savings Plans: version index, region index (an ARRAY, formatVersion last) and regional files.
  const spOlder = [1, 2].map((back) =>
    dateToVersion(new Date(Date.UTC(spDate.getUTCFullYear(), spDate.getUTCMonth() - back, 9 + back, 15, 10 + back, 30 + back))),
  );
  await writeJson(`${spBase}/current/index.json`, {
    disclaimer: DISCLAIMER,
    publicationDate: spPublicationDate,
    currentOfferVersionUrl: `${spBase}/current/region_index.json`,
    versions: [spVersion, ...spOlder].map((vid) => ({
      publicationDate: isoSeconds(versionToDate(vid)),
      offerVersionUrl: `${spBase}/${vid}/region_index.json`,
    })),
  });
  await writeJson(`${spBase}/current/region_index.json`, {
    disclaimer: DISCLAIMER,
    publicationDate: spPublicationDate,
    regions: regions.map((r) => ({ regionCode: r, versionUrl: `${spBase}/${spVersion}/${r}/index.json` })),
    formatVersion: 'v1.0',
  });
  await alias(`${spBase}/current/region_index.json`, `${spBase}/${spVersion}/region_index.json`);
  for (const r of regions) {
    const data = savingsPlanData(r, version, publicationDate, ec2Products.get(r) ?? 0);
    await writeText(`${spBase}/${spVersion}/${r}/index.json`, savingsPlanRegionJson(r, spVersion, spPublicationDate, data));
    await writeText(`${spBase}/${spVersion}/${r}/index.csv`, savingsPlanRegionCsv(r, spVersion, spPublicationDate, data));
  }

  return {
    root,
    version,
    publicationDate,
    offerCodes: [...FIXTURE_OFFER_CODES],
    regions,
    files,
    savingsPlanVersion: spVersion,
    savingsPlanPublicationDate: spPublicationDate,
  };
}
