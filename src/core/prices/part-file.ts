/**
 * The on-disk form of one index part (one offer file's prices for one region): a small JSON
 * header (source, strings, specs) and typed arrays that load without parsing.
 *
 *   "PAIDX\0\0\x01"  u32 header length  header JSON  pad to 8
 *   u32 records[N x 12]  u32 reserved[M x 3]  u32 savingsPlans[K x 5]  pad to 8
 *   f64 onDemand[N]  f64 reservedHourly[M]  f64 reservedUpfront[M]  f64 savingsPlanHourly[K]
 */
import type { IndexPart, PartRecord, PartReserved, PartSavingsPlan } from './write/index-builder';

/** A record as read back from disk, Reserved terms as objects. */
export type StoredRecord = Omit<PartRecord, 'reservedTerms' | 'reservedPrices'> & { reserved: PartReserved[] };
import type { InstanceSpecs, PriceKind, PriceSource } from './price-types';
import { priceKinds, variantFields } from './price-types';

const MAGIC = Buffer.from('PAIDX\u0000\u0000\u0001', 'latin1');
export const partFormatVersion = 1;

const REC = 12; // kind, size, v0..v3, specs, currency, usageType, operation, riStart, riCount
const RI = 3; // term, class, purchase
const SP = 5; // usage, plan, term, purchase, currency

export interface PartHeader {
  format: number;
  region: string;
  type: IndexPart['type'];
  source: PriceSource;
  builtAt: string;
  strings: string[];
  specs: InstanceSpecs[];
  counts: { records: number; reserved: number; savingsPlans: number };
}

/** A part as loaded: typed arrays over the file's bytes, records materialised on demand. */
export interface LoadedPart {
  header: PartHeader;
  bytes: number;
  records: number;
  record(n: number): StoredRecord;
  /** The i-th variant value of record n, without building the record. */
  variantOf(n: number, i: number): string;
  /** The kind of record n, without building the record. */
  kindOf(n: number): PriceKind;
  /** Record numbers per size. */
  sizes: Map<string, number[]>;
  /** Savings Plans rates per `${usageType}|${operation}`. */
  savingsPlans: Map<string, PartSavingsPlan[]>;
}

function align8(n: number): number {
  return (n + 7) & ~7;
}

export function encodePart(part: IndexPart, builtAt: Date): Buffer {
  const strings: string[] = [];
  const ids = new Map<string, number>();
  const id = (s: string): number => {
    let n = ids.get(s);
    if (n === undefined) {
      n = strings.push(s) - 1;
      ids.set(s, n);
    }
    return n;
  };
  const reservedCount = part.records.reduce((n, r) => n + r.reservedTerms.length, 0);
  const recWords = new Uint32Array(part.records.length * REC);
  const riWords = new Uint32Array(reservedCount * RI);
  const spWords = new Uint32Array(part.savingsPlans.length * SP);
  const od = new Float64Array(part.records.length);
  const riHourly = new Float64Array(reservedCount);
  const riUpfront = new Float64Array(reservedCount);
  const spHourly = new Float64Array(part.savingsPlans.length);
  let ri = 0;
  part.records.forEach((r, n) => {
    const o = n * REC;
    recWords[o] = priceKinds.indexOf(r.kind);
    recWords[o + 1] = id(r.size);
    for (let v = 0; v < 4; v++) recWords[o + 2 + v] = id(r.variant[v] ?? '');
    recWords[o + 6] = r.specs;
    recWords[o + 7] = id(r.currency);
    recWords[o + 8] = id(r.usageType);
    recWords[o + 9] = id(r.operation);
    recWords[o + 10] = ri;
    recWords[o + 11] = r.reservedTerms.length;
    od[n] = r.onDemand;
    r.reservedTerms.forEach((t, k) => {
      riWords[ri * RI] = id(t.leaseContractLength);
      riWords[ri * RI + 1] = id(t.offeringClass);
      riWords[ri * RI + 2] = id(t.purchaseOption);
      riHourly[ri] = r.reservedPrices[2 * k];
      riUpfront[ri] = r.reservedPrices[2 * k + 1];
      ri++;
    });
  });
  part.savingsPlans.forEach((s, n) => {
    const o = n * SP;
    spWords[o] = id(s.usage);
    spWords[o + 1] = id(s.plan);
    spWords[o + 2] = id(s.term);
    spWords[o + 3] = id(s.purchase);
    spWords[o + 4] = id(s.currency);
    spHourly[n] = s.hourly;
  });
  const header: PartHeader = {
    format: partFormatVersion,
    region: part.region,
    type: part.type,
    source: part.source,
    builtAt: builtAt.toISOString(),
    strings,
    specs: part.specs,
    counts: { records: part.records.length, reserved: reservedCount, savingsPlans: part.savingsPlans.length },
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const wordsStart = align8(12 + headerBytes.length);
  const wordsBytes = (recWords.length + riWords.length + spWords.length) * 4;
  const floatsStart = align8(wordsStart + wordsBytes);
  const total = floatsStart + (od.length + riHourly.length + riUpfront.length + spHourly.length) * 8;
  const out = Buffer.alloc(total);
  MAGIC.copy(out, 0);
  out.writeUInt32LE(headerBytes.length, 8);
  headerBytes.copy(out, 12);
  let at = wordsStart;
  for (const words of [recWords, riWords, spWords]) {
    Buffer.from(words.buffer, words.byteOffset, words.byteLength).copy(out, at);
    at += words.byteLength;
  }
  at = floatsStart;
  for (const floats of [od, riHourly, riUpfront, spHourly]) {
    Buffer.from(floats.buffer, floats.byteOffset, floats.byteLength).copy(out, at);
    at += floats.byteLength;
  }
  return out;
}

export class PartFormatError extends Error {}

export function decodePart(buf: Buffer, file: string): LoadedPart {
  if (buf.length < 12 || !buf.subarray(0, 8).equals(MAGIC)) {
    throw new PartFormatError(`${file} is not a Price Atlas index part (or was written by another version): rebuild the index`);
  }
  const headerLength = buf.readUInt32LE(8);
  let header: PartHeader;
  try {
    header = JSON.parse(buf.toString('utf8', 12, 12 + headerLength)) as PartHeader;
  } catch {
    throw new PartFormatError(`${file} has a damaged header: rebuild the index`);
  }
  if (header.format !== partFormatVersion)
    throw new PartFormatError(`${file} has index format ${header.format}, this version reads ${partFormatVersion}: rebuild the index`);
  const { records: N, reserved: M, savingsPlans: K } = header.counts;
  const wordsStart = align8(12 + headerLength);
  const floatsStart = align8(wordsStart + (N * REC + M * RI + K * SP) * 4);
  const expected = floatsStart + (N + 2 * M + K) * 8;
  if (buf.length !== expected) throw new PartFormatError(`${file} is ${buf.length} bytes, its header says ${expected}: it is damaged, rebuild the index`);
  // Typed arrays need aligned offsets; a pooled or sliced Buffer may not give them.
  const data = buf.byteOffset % 8 === 0 ? buf : Buffer.from(buf);
  const words = new Uint32Array(data.buffer, data.byteOffset + wordsStart, N * REC + M * RI + K * SP);
  const floats = new Float64Array(data.buffer, data.byteOffset + floatsStart, N + 2 * M + K);
  const strings = header.strings;
  const riBase = N * REC;
  const spBase = riBase + M * RI;
  const riHourlyBase = N;
  const riUpfrontBase = N + M;
  const spHourlyBase = N + 2 * M;

  const sizes = new Map<string, number[]>();
  for (let n = 0; n < N; n++) {
    const size = strings[words[n * REC + 1]];
    const list = sizes.get(size);
    if (list) list.push(n);
    else sizes.set(size, [n]);
  }
  const savingsPlans = new Map<string, PartSavingsPlan[]>();
  for (let n = 0; n < K; n++) {
    const o = spBase + n * SP;
    const usage = strings[words[o]];
    const rate: PartSavingsPlan = {
      usage,
      plan: strings[words[o + 1]] as PartSavingsPlan['plan'],
      term: strings[words[o + 2]],
      purchase: strings[words[o + 3]],
      currency: strings[words[o + 4]],
      hourly: floats[spHourlyBase + n],
    };
    const list = savingsPlans.get(usage);
    if (list) list.push(rate);
    else savingsPlans.set(usage, [rate]);
  }
  const variantOf = (n: number, i: number): string => strings[words[n * REC + 2 + i]];
  const kindOf = (n: number): PriceKind => priceKinds[words[n * REC]] as PriceKind;
  const record = (n: number): StoredRecord => {
    const o = n * REC;
    const kind = priceKinds[words[o]] as PriceKind;
    const fields = variantFields[kind].length;
    const variant: string[] = [];
    for (let v = 0; v < fields; v++) variant.push(strings[words[o + 2 + v]]);
    const reserved: PartReserved[] = [];
    const start = words[o + 10];
    for (let k = start; k < start + words[o + 11]; k++) {
      reserved.push({
        term: strings[words[riBase + k * RI]],
        class: strings[words[riBase + k * RI + 1]],
        purchase: strings[words[riBase + k * RI + 2]],
        hourly: floats[riHourlyBase + k],
        upfront: floats[riUpfrontBase + k],
      });
    }
    return {
      kind,
      size: strings[words[o + 1]],
      variant,
      specs: words[o + 6],
      currency: strings[words[o + 7]],
      usageType: strings[words[o + 8]],
      operation: strings[words[o + 9]],
      onDemand: floats[n],
      reserved,
    };
  };
  return { header, bytes: buf.length, records: N, record, variantOf, kindOf, sizes, savingsPlans };
}
