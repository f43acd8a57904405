/**
 * Lookups over the store. A region is loaded once (all its parts: EC2, RDS, ..., Savings Plans),
 * kept for the TTL, and answered from maps: size -> records, usage -> Savings Plans rates.
 * Answers, misses included, are cached per (region, size, filter) and counted.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { PriceAtlasError } from '../../errors';
import { isTempFile } from '../../atomic-write';
import { decodePart } from '../part-file';
import type { LoadedPart, StoredRecord } from '../part-file';
import {
  defaultVariants,
  hoursPerYear,
  isInstanceKind,
  kindNames,
  kindOfSize,
  leaseYears,
  offerCodeForKind,
  savingsPlanOfferCode,
  variantFields,
} from '../price-types';
import type { ComponentKind, PriceKind, PriceRecord, ReservedPrice, SavingsPlanPrice } from '../price-types';
import type { DownloadRemedy } from '../../remedy';
import { partExtension, regionDir, storeFolder } from '../store-layout';

export interface PriceIndexOptions {
  /** How long a loaded region is trusted before the store is looked at again. Default 1 hour. */
  ttlMs?: number;
  now?: () => number;
}

export interface LoadedRegion {
  region: string;
  parts: Map<string, LoadedPart>;
  loadedAt: number;
  /** Newest mtime among the part files, to notice a rebuild. */
  stamp: number;
}

export interface RegionStats {
  region: string;
  entries: number;
  bytes: number;
  parts: { offerCode: string; version: string; publicationDate: string; builtAt: string; ageMs: number; entries: number; bytes: number }[];
}

export interface IndexStats {
  regions: RegionStats[];
  entries: number;
  bytes: number;
  loadedRegions: number;
  hits: number;
  misses: number;
  ttlMs: number;
}

/** A usage-priced product's first-tier On-Demand price, in the offer's unit. */
export interface ComponentPrice {
  kind: ComponentKind;
  usage: string;
  region: string;
  unit: string;
  productFamily: string;
  price: number;
  currency: string;
  usageType: string;
  source: PriceRecord['source'];
}

/** Why a lookup found nothing, and the commands that would fix it. */
export class PriceNotFoundError extends PriceAtlasError {
  declare readonly remedy?: DownloadRemedy;

  constructor(message: string, hint?: string, remedy?: DownloadRemedy) {
    super(message, hint, { remedy });
  }
}

const NOT_FOUND = null;

export class PriceIndex {
  private readonly loaded = new Map<string, LoadedRegion>();
  private readonly answers = new Map<string, PriceRecord | null>();
  private hits = 0;
  private misses = 0;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(
    readonly store: string,
    options: PriceIndexOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 60 * 60 * 1000;
    this.now = options.now ?? Date.now;
  }

  /** Regions that have at least one part in the store. */
  async regions(): Promise<string[]> {
    const root = path.join(this.store, storeFolder);
    const entries = await fs.readdir(root, { withFileTypes: true }).catch(() => []);
    const out: string[] = [];
    for (const e of entries) {
      if (!e.isDirectory()) continue;
      const files = await fs.readdir(path.join(root, e.name)).catch(() => [] as string[]);
      if (files.some((f) => f.endsWith(partExtension) && !isTempFile(f))) out.push(e.name);
    }
    return out.sort();
  }

  /** Loads (or returns the cached) region; undefined when the store has nothing for it. */
  async region(region: string): Promise<LoadedRegion | undefined> {
    const cached = this.loaded.get(region);
    if (cached && this.now() - cached.loadedAt < this.ttlMs) return cached;
    const dir = regionDir(this.store, region);
    const names = (await fs.readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith(partExtension) && !isTempFile(f)).sort();
    if (names.length === 0) {
      this.loaded.delete(region);
      return undefined;
    }
    const stats = await Promise.all(names.map((n) => fs.stat(path.join(dir, n))));
    const stamp = Math.max(...stats.map((s) => s.mtimeMs));
    if (cached && cached.stamp === stamp && cached.parts.size === names.length) {
      cached.loadedAt = this.now();
      return cached;
    }
    const parts = new Map<string, LoadedPart>();
    for (const name of names) {
      const file = path.join(dir, name);
      parts.set(name.slice(0, -partExtension.length), decodePart(await fs.readFile(file), file));
    }
    const loaded: LoadedRegion = { region, parts, loadedAt: this.now(), stamp };
    this.loaded.set(region, loaded);
    this.forget(region);
    return loaded;
  }

  /**
   * The price of `size` in `region`. `filter` narrows the variant (e.g. {operatingSystem: 'Windows'});
   * fields it leaves out take the kind's defaults (Linux, Shared, ...). Returns undefined when the
   * store has no such price; `explainMiss` says why.
   */
  async lookup(size: string, region: string, filter: Record<string, string> = {}): Promise<PriceRecord | undefined> {
    const key = answerKey(size, region, filter);
    const cached = this.loaded.get(region);
    if (cached && this.now() - cached.loadedAt < this.ttlMs) {
      const answer = this.answers.get(key);
      if (answer !== undefined) {
        if (answer === NOT_FOUND) this.misses++;
        else this.hits++;
        return answer ?? undefined;
      }
    }
    const loaded = await this.region(region);
    const answer = loaded ? this.find(loaded, size, filter) : undefined;
    this.answers.set(key, answer ?? NOT_FOUND);
    if (answer) this.hits++;
    else this.misses++;
    return answer;
  }

  /** Synchronous lookup on a region already loaded (hovers, tree views): no I/O. */
  lookupLoaded(size: string, region: string, filter: Record<string, string> = {}): PriceRecord | undefined {
    const loaded = this.loaded.get(region);
    if (!loaded) return undefined;
    const key = answerKey(size, region, filter);
    const answer = this.answers.get(key);
    if (answer !== undefined) {
      if (answer === NOT_FOUND) this.misses++;
      else this.hits++;
      return answer ?? undefined;
    }
    const found = this.find(loaded, size, filter);
    this.answers.set(key, found ?? NOT_FOUND);
    if (found) this.hits++;
    else this.misses++;
    return found;
  }

  /**
   * The price of a usage-priced product (`EBS:VolumeUsage.gp3`, `NatGateway-Hours`, ...) in `region`,
   * in the offer's own unit. `filter` narrows by `productFamily` where one usage type serves several
   * (an ALB's and an NLB's `LoadBalancerUsage`).
   */
  async lookupComponent(kind: ComponentKind, usage: string, region: string, filter: Record<string, string> = {}): Promise<ComponentPrice | undefined> {
    const loaded = await this.region(region);
    return loaded ? this.componentIn(loaded, kind, usage, filter) : undefined;
  }

  /** The same on a region already loaded (hovers): no I/O. */
  lookupComponentLoaded(kind: ComponentKind, usage: string, region: string, filter: Record<string, string> = {}): ComponentPrice | undefined {
    const loaded = this.loaded.get(region);
    return loaded ? this.componentIn(loaded, kind, usage, filter) : undefined;
  }

  /** Why a component has no price: the region, the offer or the product is missing, and what fetches it. */
  async explainComponentMiss(kind: ComponentKind, usage: string, region: string, storeArg = this.store): Promise<PriceNotFoundError> {
    const code = offerCodeForKind[kind];
    const loaded = await this.region(region);
    const remedy = (missing: 'region' | 'offer' | 'product'): DownloadRemedy => ({ kind: 'download', services: [code], regions: [region], missing });
    if (!loaded) return new PriceNotFoundError(`No prices for region ${region} in the store ${storeArg}.`, undefined, remedy('region'));
    const part = loaded.parts.get(code);
    if (!part)
      return new PriceNotFoundError(`The store has no ${code} prices for ${region}, which ${kindNames[kind]} prices come from.`, undefined, remedy('offer'));
    return new PriceNotFoundError(
      `The ${code} offer for ${region} (version ${part.header.source.version}) has no ${usage} price: not every product is sold in every region.`,
      undefined,
      remedy('product'),
    );
  }

  /** Every record of a region (for lists and comparisons), default variants only unless `all`. */
  async records(region: string, options: { kind?: PriceKind; all?: boolean } = {}): Promise<PriceRecord[]> {
    const loaded = await this.region(region);
    if (!loaded) return [];
    const out: PriceRecord[] = [];
    for (const [code, part] of loaded.parts) {
      if (part.header.type !== 'offer') continue;
      for (let n = 0; n < part.records; n++) {
        const r = part.record(n);
        if (options.kind ? r.kind !== options.kind : !isInstanceKind(r.kind)) continue;
        if (!options.all && !variantMatches(r.kind, defaultVariants[r.kind], (i) => r.variant[i])) continue;
        out.push(this.materialise(loaded, code, part, r));
      }
    }
    return out;
  }

  /** Every variant the store has for a size (to list choices when a filter matched nothing). */
  async variants(size: string, region: string): Promise<Record<string, string>[]> {
    const loaded = await this.region(region);
    const part = loaded?.parts.get(offerCodeForKind[kindOfSize(size)]);
    const list = part?.sizes.get(size) ?? [];
    return list.map((n) => {
      const r = part!.record(n);
      return Object.fromEntries(variantFields[r.kind].map((f, i) => [f, r.variant[i]]));
    });
  }

  /** Why a lookup found nothing, and what would fix it (a remedy each host words; `storeArg` names the store in the message). */
  async explainMiss(size: string, region: string, filter: Record<string, string> = {}, storeArg = this.store): Promise<PriceNotFoundError> {
    const kind = kindOfSize(size);
    const code = offerCodeForKind[kind];
    const loaded = await this.region(region);
    // The Pricing API fallback (`price --api`) exists for EC2 sizes only.
    const remedy = (missing: 'region' | 'offer' | 'size'): DownloadRemedy => ({
      kind: 'download',
      services: [code],
      regions: [region],
      missing,
      ...(kind === 'ec2' && missing !== 'offer' ? { pricingApi: { size, region } } : {}),
    });
    if (!loaded) {
      const known = await this.regions();
      return new PriceNotFoundError(
        `No prices for region ${region} in the store ${storeArg}${known.length ? ` (it has: ${known.join(', ')})` : ' (it is empty)'}.`,
        undefined,
        remedy('region'),
      );
    }
    const part = loaded.parts.get(code);
    if (!part) {
      return new PriceNotFoundError(
        `The store has no ${code} prices for ${region} (it has: ${[...loaded.parts.keys()].join(', ')}).`,
        undefined,
        remedy('offer'),
      );
    }
    if (!part.sizes.has(size)) {
      return new PriceNotFoundError(
        `${size} is not in the ${code} offer for ${region} (version ${part.header.source.version}). Check the name, or the region: not every size is sold everywhere.`,
        undefined,
        remedy('size'),
      );
    }
    const choices = (await this.variants(size, region)).map((v) => Object.values(v).filter(Boolean).join(' / '));
    const wanted = { ...defaultVariants[kind], ...filter };
    return new PriceNotFoundError(
      `${size} in ${region} has no price for ${Object.entries(wanted)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')}.`,
      `Available: ${[...new Set(choices)].slice(0, 12).join('; ')}`,
    );
  }

  stats(): IndexStats {
    return { regions: [], entries: 0, bytes: 0, loadedRegions: this.loaded.size, hits: this.hits, misses: this.misses, ttlMs: this.ttlMs };
  }

  /** Stats over the whole store (reads every region's headers). */
  async storeStats(): Promise<IndexStats> {
    const regions: RegionStats[] = [];
    for (const region of await this.regions()) {
      const loaded = await this.region(region);
      if (!loaded) continue;
      const parts = [...loaded.parts].map(([offerCode, p]) => ({
        offerCode,
        version: p.header.source.version,
        publicationDate: p.header.source.publicationDate,
        builtAt: p.header.builtAt,
        ageMs: this.now() - Date.parse(p.header.builtAt),
        entries: p.header.type === 'offer' ? p.records : p.header.counts.savingsPlans,
        bytes: p.bytes,
      }));
      regions.push({ region, parts, entries: parts.reduce((n, p) => n + p.entries, 0), bytes: parts.reduce((n, p) => n + p.bytes, 0) });
    }
    return {
      ...this.stats(),
      regions,
      entries: regions.reduce((n, r) => n + r.entries, 0),
      bytes: regions.reduce((n, r) => n + r.bytes, 0),
    };
  }

  /** Drops everything loaded (after a rebuild, or to free memory). */
  clear(): void {
    this.loaded.clear();
    this.answers.clear();
  }

  private forget(region: string): void {
    const suffix = `\u0000${region}\u0000`;
    for (const key of this.answers.keys()) if (key.includes(suffix)) this.answers.delete(key);
  }

  private componentIn(loaded: LoadedRegion, kind: ComponentKind, usage: string, filter: Record<string, string>): ComponentPrice | undefined {
    const key = answerKey(`${kind}\u0001${usage}`, loaded.region, filter);
    let answer = this.answers.get(key);
    if (answer === undefined) this.answers.set(key, (answer = this.find(loaded, usage, filter, kind) ?? NOT_FOUND));
    if (answer === NOT_FOUND) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    return {
      kind,
      usage,
      region: loaded.region,
      unit: answer.variant.unit!,
      productFamily: answer.variant.productFamily!,
      price: answer.onDemand?.hourly ?? NaN,
      currency: answer.currency,
      usageType: answer.usageType,
      source: answer.source,
    };
  }

  private find(loaded: LoadedRegion, size: string, filter: Record<string, string>, kind: PriceKind = kindOfSize(size)): PriceRecord | undefined {
    const code = offerCodeForKind[kind];
    const part = loaded.parts.get(code);
    const list = part?.sizes.get(size);
    if (!part || !list) return undefined;
    const wanted = Object.keys(filter).length === 0 ? defaultVariants[kind] : { ...defaultVariants[kind], ...filter };
    // Compare the stored strings first; only the record that matches is built. One accessor for
    // the whole list: this runs on every first lookup of a size.
    let n = 0;
    const valueAt = (i: number): string => part.variantOf(n, i);
    for (n of list) {
      // One part holds several kinds (EC2 instances, EBS, NAT gateways): a size names one of them.
      if (part.kindOf(n) !== kind) continue;
      if (variantMatches(kind, wanted, valueAt)) return this.materialise(loaded, code, part, part.record(n));
    }
    return undefined;
  }

  private materialise(loaded: LoadedRegion, _code: string, part: LoadedPart, r: StoredRecord): PriceRecord {
    // The stored record's objects are fresh: complete them in place rather than copy them.
    const reserved = r.reserved as ReservedPrice[];
    for (const x of reserved) {
      if (Number.isNaN(x.hourly)) x.hourly = 0;
      if (Number.isNaN(x.upfront)) x.upfront = 0;
      x.effectiveHourly = x.hourly + x.upfront / (termYears(x.term) * hoursPerYear);
    }
    const savingsPlans: SavingsPlanPrice[] = [];
    if (r.kind === 'ec2') {
      const sp = loaded.parts.get(savingsPlanOfferCode);
      for (const rate of sp?.savingsPlans.get(`${r.usageType}|${r.operation}`) ?? []) {
        savingsPlans.push({ plan: rate.plan, term: rate.term, purchase: rate.purchase, hourly: rate.hourly });
      }
    }
    const fields = variantFields[r.kind];
    const variant: Record<string, string> = {};
    for (let i = 0; i < fields.length; i++) variant[fields[i]] = r.variant[i];
    const record: PriceRecord = {
      kind: r.kind,
      size: r.size,
      region: loaded.region,
      currency: r.currency,
      variant,
      reserved,
      savingsPlans,
      specs: part.header.specs[r.specs] ?? {},
      usageType: r.usageType,
      operation: r.operation,
      source: sourceOf(part),
    };
    if (!Number.isNaN(r.onDemand)) record.onDemand = { hourly: r.onDemand };
    return record;
  }
}

/** One source object per part, shared by its records (they are read, never changed). */
const SOURCES = new WeakMap<LoadedPart, PriceRecord['source']>();

function sourceOf(part: LoadedPart): PriceRecord['source'] {
  let source = SOURCES.get(part);
  if (!source) {
    const s = part.header.source;
    source = { offerCode: s.offerCode, version: s.version, publicationDate: s.publicationDate, ...(s.sha256 ? { sha256: s.sha256 } : {}) };
    SOURCES.set(part, source);
  }
  return source;
}

const YEARS = new Map<string, number>();

function termYears(term: string): number {
  let years = YEARS.get(term);
  if (years === undefined) YEARS.set(term, (years = leaseYears(term)));
  return years;
}

function sameText(a: string, b: string): boolean {
  return a === b || a.toLowerCase() === b.toLowerCase();
}

/** Whether a record's variant (its i-th field from `valueAt`) has every value `wanted` names; '*' matches any. */
function variantMatches(kind: PriceKind, wanted: Readonly<Record<string, string>>, valueAt: (i: number) => string): boolean {
  const fields = variantFields[kind];
  for (let i = 0; i < fields.length; i++) {
    const want = wanted[fields[i]];
    if (want !== undefined && want !== '*' && !sameText(want, valueAt(i))) return false;
  }
  return true;
}

function answerKey(size: string, region: string, filter: Record<string, string>): string {
  const f = Object.keys(filter)
    .sort()
    .map((k) => `${k}=${filter[k]}`)
    .join('&');
  return `${size}\u0000${region}\u0000${f}`;
}
