/**
 * Turns offer-file events into index parts: one part per region per offer file. It keeps only
 * what the index needs (instance-like products, their On-Demand and Reserved prices, EC2 Savings
 * Plans rates) and joins products and terms by SKU whatever order the file uses.
 */
import { OfferFormatError } from '../../offers/offer-events';
import type { OfferMetaField, OfferSink, PriceDimension, SavingsPlanRate, TermAttributes, TermType } from '../../offers/offer-events';
import { regionForLocation } from '../../regions';
import { isInstanceKind, variantFields } from '../price-types';
import { instanceKindOfProduct, specsOfProduct } from '../product-attributes';
import type { ComponentKind, InstanceSpecs, PriceKind, PriceSource } from '../price-types';

export interface PartReserved {
  term: string;
  class: string;
  purchase: string;
  hourly: number;
  upfront: number;
}

export interface PartRecord {
  kind: PriceKind;
  size: string;
  /** Values of variantFields[kind], in that order. */
  variant: string[];
  currency: string;
  usageType: string;
  operation: string;
  /** Index into IndexPart.specs. */
  specs: number;
  /** NaN when the file had no On-Demand hourly price for it. */
  onDemand: number;
  /**
   * Reserved terms, compact: a big offer has a million of them, so no object per term. Term n is
   * reservedTerms[n] (shared objects) with hourly reservedPrices[2n], upfront [2n + 1] (NaN = none).
   */
  reservedTerms: TermAttributes[];
  reservedPrices: number[];
}

/** The Reserved terms of a record as objects (for tests and small outputs). */
export function reservedOf(r: PartRecord): PartReserved[] {
  return r.reservedTerms.map((t, n) => ({
    term: t.leaseContractLength,
    class: t.offeringClass,
    purchase: t.purchaseOption,
    hourly: r.reservedPrices[2 * n],
    upfront: r.reservedPrices[2 * n + 1],
  }));
}

export interface PartSavingsPlan {
  /** `${usageType}|${operation}` of the EC2 usage the rate applies to. */
  usage: string;
  plan: 'Compute' | 'EC2 Instance';
  term: string;
  purchase: string;
  hourly: number;
  currency: string;
}

export interface IndexPart {
  region: string;
  /** 'offer' parts hold records; 'savingsPlans' parts hold rates. */
  type: 'offer' | 'savingsPlans';
  source: PriceSource;
  records: PartRecord[];
  specs: InstanceSpecs[];
  savingsPlans: PartSavingsPlan[];
}

export interface BuildStats {
  products: number;
  indexedProducts: number;
  prices: number;
  /** Products whose kind, size and variant were already indexed (the first one is kept). */
  duplicates: number;
  savingsPlanRates: number;
}

const PRICE = /^\d+(\.\d+)?([eE][-+]?\d+)?$/;

/** AWS's decimal string as a number; refuses what is not one, and what overflows to Infinity (1e400). */
function priceValue(text: string, what: string, where: string): number {
  if (!PRICE.test(text)) throw new OfferFormatError(`${what} is not a decimal number`, where);
  const value = Number(text);
  if (!Number.isFinite(value)) throw new OfferFormatError(`${what} is not a finite number (too large for any price): the file is damaged`, where);
  return value;
}

/** Attributes the index reads; everything else in a product is skipped unread. */
export const indexAttributes: ReadonlySet<string> = new Set([
  'instanceType',
  'regionCode',
  'location',
  'usagetype',
  'operation',
  'capacitystatus',
  'vcpu',
  'memory',
  'processorArchitecture',
  'physicalProcessor',
  'clockSpeed',
  'networkPerformance',
  'storage',
  'gpu',
  'gpuMemory',
  'instanceFamily',
  'currentGeneration',
  ...variantFields.ec2,
  ...variantFields.rds,
  ...variantFields.elasticache,
  // Savings Plans products
  'purchaseOption',
  'purchaseTerm',
]);

/**
 * Products priced by usage type (storage, NAT gateways, load balancers, EKS clusters, Lambda): the
 * families that hold them and the usage types (without region prefix) the cost model reads. An
 * allow-list, so look-alikes stay out: `RegionalNatGateway-Hours`, Outposts and `TS-` load balancers,
 * Aurora storage, free-tier rows (those have no region, see `product`).
 */
const componentProducts: readonly { kind: ComponentKind; families: ReadonlySet<string>; usage: RegExp }[] = [
  {
    kind: 'ebs',
    families: new Set(['Storage', 'System Operation', 'Provisioned Throughput']),
    usage: /^EBS:(VolumeUsage(\.(gp2|gp3|piops|io2|st1|sc1))?|VolumeP-IOPS\.(piops|gp3|io2(\.tier[23])?)|VolumeP-Throughput\.gp3|VolumeIOUsage)$/,
  },
  { kind: 'natgateway', families: new Set(['NAT Gateway']), usage: /^NatGateway-(Hours|Bytes)$/ },
  {
    kind: 'rdsstorage',
    families: new Set(['Database Storage', 'Provisioned IOPS', 'System Operation']),
    usage: /^RDS:(Multi-AZ-)?(GP2-Storage|GP3-Storage|PIOPS-Storage|StorageUsage|PIOPS|GP3-PIOPS|StorageIOUsage)$/,
  },
  { kind: 'eks', families: new Set(['Compute']), usage: /^AmazonEKS-Hours:(perCluster|extendedSupport)$/ },
  {
    kind: 'elb',
    families: new Set(['Load Balancer', 'Load Balancer-Application', 'Load Balancer-Network', 'Load Balancer-Gateway']),
    usage: /^(LoadBalancerUsage|LCUUsage|DataProcessing-Bytes)$/,
  },
  { kind: 'lambda', families: new Set(['Serverless']), usage: /^(Request|Lambda-GB-Second(-ARM)?)$/ },
];

/**
 * A usage type without its region prefix (`EU-`, `USW2-`, `APN1-`; EC2 in us-east-1 has none). A
 * prefix is `EU` or letters then digits, and only one is taken off: `EU-TS-LoadBalancerUsage` stays
 * `TS-LoadBalancerUsage`, `TS-LoadBalancerUsage` stays whole, so neither is taken for an ALB's hours.
 */
export function usageWithoutRegion(usageType: string): string {
  const m = /^(?:EU|[A-Z]{1,4}\d{1,3})-(.+)$/.exec(usageType);
  return m ? m[1]! : usageType;
}

function componentOfProduct(family: string, usageType: string | undefined): { kind: ComponentKind; usage: string } | undefined {
  if (!usageType) return undefined;
  const usage = usageWithoutRegion(usageType);
  for (const c of componentProducts) {
    if (!c.families.has(family)) continue;
    // `EBS:VolumeUsage` in us-east-1 is itself unprefixed: try the whole name first.
    if (c.usage.test(usageType)) return { kind: c.kind, usage: usageType };
    if (c.usage.test(usage)) return { kind: c.kind, usage };
  }
  return undefined;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const CLASS_ORDER = ['standard', 'convertible'];
const PURCHASE_ORDER = ['No Upfront', 'Partial Upfront', 'All Upfront'];

/** Known values in AWS's own order (No, Partial, All Upfront), unknown ones after, alphabetically. */
function ranked(order: readonly string[], a: string, b: string): number {
  const ia = order.indexOf(a);
  const ib = order.indexOf(b);
  if (ia >= 0 || ib >= 0) return (ia < 0 ? order.length : ia) - (ib < 0 ? order.length : ib) || cmp(a, b);
  return cmp(a, b);
}

function compareTerms(a: TermAttributes, b: TermAttributes): number {
  return (
    cmp(a.leaseContractLength, b.leaseContractLength) ||
    ranked(CLASS_ORDER, a.offeringClass, b.offeringClass) ||
    ranked(PURCHASE_ORDER, a.purchaseOption, b.purchaseOption)
  );
}

function sortReserved(r: PartRecord): void {
  const n = r.reservedTerms.length;
  if (n < 2) return;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => compareTerms(r.reservedTerms[a], r.reservedTerms[b]));
  const prices = r.reservedPrices;
  r.reservedTerms = order.map((i) => r.reservedTerms[i]);
  r.reservedPrices = order.flatMap((i) => [prices[2 * i], prices[2 * i + 1]]);
}

function compareRecords(a: PartRecord, b: PartRecord): number {
  let c = cmp(a.kind, b.kind) || cmp(a.size, b.size);
  for (let n = 0; c === 0 && n < a.variant.length; n++) c = cmp(a.variant[n], b.variant[n]);
  return c;
}

function compareRates(a: PartSavingsPlan, b: PartSavingsPlan): number {
  return cmp(a.usage, b.usage) || cmp(a.plan, b.plan) || cmp(a.term, b.term) || ranked(PURCHASE_ORDER, a.purchase, b.purchase) || a.hourly - b.hourly;
}

interface Pending {
  record: PartRecord;
  region: string;
}

interface Orphan {
  type: TermType;
  term: TermAttributes;
  dim: PriceDimension;
}

export class IndexBuilder implements OfferSink {
  readonly wantedAttributes = indexAttributes;
  /** The file's own header: offerCode, version, publicationDate, regionCode. */
  readonly header: Partial<Record<OfferMetaField, string>> = {};
  readonly stats: BuildStats = { products: 0, indexedProducts: 0, prices: 0, duplicates: 0, savingsPlanRates: 0 };

  private readonly products = new Map<string, Pending>();
  /** Prices met before their product (files whose terms come first). */
  private readonly orphans = new Map<string, Orphan[]>();
  private productsFinished = false;
  private readonly specs = new Map<string, number>();
  private readonly specList: InstanceSpecs[] = [];
  private readonly specSkus: string[] = [];
  private readonly plans = new Map<string, { family: string; purchase: string; term: string }>();
  private readonly rates: SavingsPlanRate[] = [];

  /** @param regionHint region for products that do not say (old files; Savings Plans CSV). */
  constructor(private readonly regionHint?: string) {}

  meta(field: OfferMetaField, value: string): void {
    this.header[field] = value;
  }

  product(sku: string, family: string, a: Map<string, string>): void {
    this.stats.products++;
    let size = a.get('instanceType') ?? '';
    let kind: PriceKind | undefined = instanceKindOfProduct(family, size);
    let variant: string[];
    if (kind) {
      // capacitystatus=Used is the price of a running instance (docs/aws-formats.md §1.8); old files lack the attribute.
      if (kind === 'ec2') {
        const capacity = a.get('capacitystatus');
        if (capacity !== undefined && capacity !== 'Used') return;
      }
      variant = variantFields[kind].map((f) => a.get(f) ?? '');
    } else {
      const component = componentOfProduct(family, a.get('usagetype'));
      if (!component) return;
      // Free-tier and global rows (location `Any`) share the usage types; they are no region's price.
      if (!a.get('regionCode') && !regionForLocation(a.get('location') ?? '')) return;
      // RDS storage rows for one engine would shadow the `Any` row every engine is billed.
      const engine = a.get('databaseEngine');
      if (component.kind === 'rdsstorage' && engine !== undefined && engine !== 'Any') return;
      kind = component.kind;
      size = component.usage;
      // The unit is filled in from the price dimension.
      variant = ['', family];
    }
    const region = a.get('regionCode') ?? regionForLocation(a.get('location') ?? '') ?? this.regionHint ?? this.header.regionCode ?? '';
    const specKey = `${kind}\u0000${size}`;
    let specs = this.specs.get(specKey);
    if (specs === undefined) {
      specs = this.specList.push(specsOfProduct((k) => a.get(k))) - 1;
      this.specs.set(specKey, specs);
      this.specSkus.push(sku);
    } else if (sku < this.specSkus[specs]) {
      // Specs come from the lowest SKU of the size, so the file's order never changes them.
      this.specList[specs] = specsOfProduct((k) => a.get(k));
      this.specSkus[specs] = sku;
    }
    const pending: Pending = {
      region,
      record: {
        kind,
        size,
        variant,
        currency: '',
        usageType: a.get('usagetype') ?? '',
        operation: a.get('operation') ?? '',
        specs,
        onDemand: NaN,
        reservedTerms: [],
        reservedPrices: [],
      },
    };
    this.products.set(sku, pending);
    this.stats.indexedProducts++;
    const early = this.orphans.get(sku);
    if (early) {
      this.orphans.delete(sku);
      for (const o of early) this.apply(sku, pending, o.type, o.term, o.dim);
    }
  }

  productsDone(): void {
    this.productsFinished = true;
    this.orphans.clear();
  }

  wantsPrices(sku: string): boolean {
    return !this.productsFinished || this.products.has(sku);
  }

  price(sku: string, type: TermType, term: TermAttributes, dim: PriceDimension): void {
    const pending = this.products.get(sku);
    if (pending) {
      this.apply(sku, pending, type, term, dim);
      return;
    }
    if (this.productsFinished) return;
    let list = this.orphans.get(sku);
    if (!list) this.orphans.set(sku, (list = []));
    list.push({ type, term, dim });
  }

  private apply(sku: string, p: Pending, type: TermType, term: TermAttributes, dim: PriceDimension): void {
    const value = priceValue(dim.price, `price "${dim.price}" of SKU ${sku}`, `SKU ${sku}`);
    this.stats.prices++;
    const r = p.record;
    if (!r.currency) r.currency = dim.currency;
    const hourly = dim.unit === 'Hrs' || dim.unit === 'Hours';
    if (!isInstanceKind(r.kind)) {
      // Usage-priced products: the first tier, in whatever unit the offer counts (GB-Mo, IOPS-Mo, GB, Requests).
      if (type === 'OnDemand' && (Number.isNaN(r.onDemand) || dim.beginRange === '0')) {
        r.onDemand = value;
        r.variant[0] = dim.unit;
      }
      return;
    }
    if (type === 'OnDemand') {
      // The first tier is the price (instances have one); later tiers must not overwrite it.
      if (hourly && (Number.isNaN(r.onDemand) || dim.beginRange === '0')) r.onDemand = value;
      return;
    }
    const terms = r.reservedTerms;
    let slot = -1;
    for (let n = 0; n < terms.length; n++) {
      if (terms[n] === term) {
        slot = n;
        break;
      }
    }
    if (slot < 0) {
      // A reader that does not share term objects still lands on one slot per combination.
      for (let n = 0; n < terms.length; n++) {
        const t = terms[n];
        if (t.leaseContractLength === term.leaseContractLength && t.offeringClass === term.offeringClass && t.purchaseOption === term.purchaseOption) {
          slot = n;
          break;
        }
      }
      if (slot < 0) {
        slot = terms.push(term) - 1;
        r.reservedPrices.push(NaN, NaN);
      }
    }
    if (hourly) r.reservedPrices[2 * slot] = value;
    else if (dim.unit === 'Quantity') r.reservedPrices[2 * slot + 1] = value;
  }

  savingsPlan(sku: string, family: string, a: Map<string, string>): void {
    this.plans.set(sku, { family, purchase: a.get('purchaseOption') ?? '', term: a.get('purchaseTerm') ?? '' });
  }

  savingsPlanRate(rate: SavingsPlanRate): void {
    // Compute plans also cover Fargate and Lambda; the index prices instances.
    if (rate.discountedServiceCode !== 'AmazonEC2' || rate.unit !== 'Hrs') return;
    priceValue(rate.price, `Savings Plans rate "${rate.price}" of plan ${rate.planSku}`, `plan ${rate.planSku}`);
    this.rates.push(rate);
  }

  /** The parts this file gives, one per region. */
  finish(source: PriceSource): IndexPart[] {
    const parts = new Map<string, IndexPart>();
    const partFor = (region: string, type: IndexPart['type']): IndexPart => {
      let part = parts.get(region);
      if (!part) parts.set(region, (part = { region, type, source, records: [], specs: [], savingsPlans: [] }));
      return part;
    };
    const skus = new Map<PartRecord, string>();
    for (const [sku, p] of this.products) {
      const r = p.record;
      if (Number.isNaN(r.onDemand) && r.reservedTerms.length === 0) continue;
      sortReserved(r);
      skus.set(r, sku);
      partFor(p.region, 'offer').records.push(r);
    }
    this.products.clear();
    // A canonical order, so the same prices give the same bytes whether they came from JSON or CSV.
    // Two products with the same kind, size and variant: the lowest SKU is kept, whatever the order.
    for (const part of parts.values()) {
      part.records.sort((a, b) => compareRecords(a, b) || cmp(skus.get(a)!, skus.get(b)!));
      const unique = part.records.filter((r, n) => n === 0 || compareRecords(part.records[n - 1], r) !== 0);
      this.stats.duplicates += part.records.length - unique.length;
      this.stats.indexedProducts -= part.records.length - unique.length;
      part.records = unique;
      const remap = new Map<number, number>();
      for (const r of part.records) {
        let n = remap.get(r.specs);
        if (n === undefined) {
          n = part.specs.push(this.specList[r.specs]) - 1;
          remap.set(r.specs, n);
        }
        r.specs = n;
      }
    }
    for (const rate of this.rates) {
      const plan = this.plans.get(rate.planSku);
      const family = plan?.family ?? rate.productFamily ?? '';
      const region = this.header.regionCode ?? this.regionHint ?? '';
      this.stats.savingsPlanRates++;
      partFor(region, 'savingsPlans').savingsPlans.push({
        usage: `${rate.discountedUsageType}|${rate.discountedOperation}`,
        plan: family.startsWith('EC2Instance') ? 'EC2 Instance' : 'Compute',
        term: `${rate.leaseYears}yr`,
        purchase: plan?.purchase || rate.purchaseOption || '',
        hourly: Number(rate.price),
        currency: rate.currency,
      });
    }
    for (const part of parts.values()) part.savingsPlans.sort(compareRates);
    return [...parts.values()];
  }
}
