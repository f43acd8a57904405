/**
 * One Pricing API `GetProducts` item (product + its terms, docs/aws-formats.md §2.2) as the project's
 * PriceRecord, the same shape the bulk offer files give, so a quick API lookup and a downloaded
 * index show alike. Items arrive as JSON text (LazyJsonString wrappers at run time, docs/aws-formats.md §2.4).
 */
import { PriceAtlasError } from '../errors';
import { hoursPerYear, leaseYears, variantFields } from '../prices/price-types';
import type { InstanceSpecs, PriceRecord, ReservedPrice } from '../prices/price-types';
import { regionForLocation } from '../regions';
import { instanceKindOfProduct, specsOfProduct } from '../prices/product-attributes';
import { optionRemedy } from '../remedy';

interface Dimension {
  unit?: string;
  beginRange?: string;
  pricePerUnit?: Record<string, string>;
}

interface Term {
  priceDimensions?: Record<string, Dimension>;
  termAttributes?: Record<string, string>;
}

export interface PriceListItem {
  product?: { productFamily?: string; attributes?: Record<string, string>; sku?: string };
  serviceCode?: string;
  terms?: { OnDemand?: Record<string, Term>; Reserved?: Record<string, Term> };
  version?: string;
  publicationDate?: string;
}

/** `JSON.parse(String(item))`: works for plain strings and for the SDK's LazyJsonString objects. */
export function parsePriceListItem(item: unknown): PriceListItem {
  if (item !== null && typeof item === 'object' && !(item instanceof String) && 'product' in item) return item as PriceListItem;
  let parsed: unknown;
  try {
    parsed = JSON.parse(String(item));
  } catch {
    throw new PriceAtlasError('the Pricing API returned a PriceList item that is not JSON', 'try again; if it persists, report it with the debug log', {
      remedy: optionRemedy('logLevel'),
    });
  }
  if (parsed === null || typeof parsed !== 'object') throw new PriceAtlasError('the Pricing API returned a PriceList item that is not an object');
  return parsed as PriceListItem;
}

const PRICE = /^\d+(\.\d+)?([eE][-+]?\d+)?$/;

/** The same reading of product attributes as the bulk index builder ("8 GiB", "NA", "Yes"). */
export function specsFromAttributes(a: Record<string, string>): InstanceSpecs {
  return specsOfProduct((k) => a[k]);
}

interface Rate {
  value: number;
  currency: string;
  unit: string;
  beginRange?: string;
}

function rates(term: Term, sku: string): Rate[] {
  const out: Rate[] = [];
  for (const dim of Object.values(term.priceDimensions ?? {})) {
    // Never assume USD (China prices are CNY, docs/aws-formats.md §5.10): the one key of pricePerUnit is the currency.
    const entries = Object.entries(dim.pricePerUnit ?? {});
    if (entries.length === 0) continue;
    const [currency, raw] = entries.find(([c]) => c === 'USD') ?? entries[0]!;
    if (!PRICE.test(raw))
      throw new PriceAtlasError(`price "${raw}" of SKU ${sku} is not a decimal number`, 'the Pricing API sent something unexpected; try again later');
    out.push({ value: Number(raw), currency, unit: dim.unit ?? '', ...(dim.beginRange !== undefined ? { beginRange: dim.beginRange } : {}) });
  }
  return out;
}

const isHourly = (unit: string): boolean => unit === 'Hrs' || unit === 'Hours';

const CLASS_ORDER = ['standard', 'convertible'];
const PURCHASE_ORDER = ['No Upfront', 'Partial Upfront', 'All Upfront'];
const rank = (order: string[], v: string): number => (order.includes(v) ? order.indexOf(v) : order.length);

/**
 * The PriceRecord of one item, or undefined when the item is not an instance size (storage, data
 * transfer, ...) or carries no price. `regionHint` is used only when the item names no region.
 */
export function priceRecordFromItem(item: PriceListItem, regionHint?: string): PriceRecord | undefined {
  const a = item.product?.attributes ?? {};
  const size = a.instanceType ?? '';
  const kind = instanceKindOfProduct(item.product?.productFamily ?? '', size);
  if (!kind) return undefined;
  const sku = item.product?.sku ?? '';
  let currency = '';
  let onDemand: number | undefined;
  for (const term of Object.values(item.terms?.OnDemand ?? {})) {
    for (const r of rates(term, sku)) {
      currency ||= r.currency;
      // The first tier is the price of an instance; a later tier must not overwrite it.
      if (isHourly(r.unit) && (onDemand === undefined || r.beginRange === '0')) onDemand = r.value;
    }
  }
  const reserved: ReservedPrice[] = [];
  for (const term of Object.values(item.terms?.Reserved ?? {})) {
    const t = term.termAttributes ?? {};
    let hourly = 0;
    let upfront = 0;
    // All Upfront has an hourly "0.0000000000" plus the fee; No Upfront has no fee dimension (docs/aws-formats.md §5.3).
    for (const r of rates(term, sku)) {
      currency ||= r.currency;
      if (isHourly(r.unit)) hourly = r.value;
      else if (r.unit === 'Quantity') upfront = r.value;
    }
    const lease = t.LeaseContractLength ?? '';
    reserved.push({
      term: lease,
      class: t.OfferingClass ?? '',
      purchase: t.PurchaseOption ?? '',
      hourly,
      upfront,
      effectiveHourly: hourly + upfront / (leaseYears(lease) * hoursPerYear),
    });
  }
  if (onDemand === undefined && reserved.length === 0) return undefined;
  reserved.sort(
    (x, y) =>
      x.term.localeCompare(y.term) ||
      rank(CLASS_ORDER, x.class) - rank(CLASS_ORDER, y.class) ||
      rank(PURCHASE_ORDER, x.purchase) - rank(PURCHASE_ORDER, y.purchase),
  );
  return {
    kind,
    size,
    region: a.regionCode ?? regionForLocation(a.location ?? '') ?? regionHint ?? '',
    currency,
    variant: Object.fromEntries(variantFields[kind].map((f) => [f, a[f] ?? ''])),
    ...(onDemand !== undefined ? { onDemand: { hourly: onDemand } } : {}),
    reserved,
    savingsPlans: [],
    specs: specsFromAttributes(a),
    usageType: a.usagetype ?? '',
    operation: a.operation ?? '',
    source: { offerCode: item.serviceCode ?? a.servicecode ?? '', version: item.version ?? '', publicationDate: item.publicationDate ?? '' },
  };
}
