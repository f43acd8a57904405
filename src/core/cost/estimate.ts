/**
 * `estimate`: files → resources → components → prices from the local store, with the variant
 * priced and why, and every component that could not be priced listed with its reason. One code
 * path for the CLI and the editor, so both show the same number.
 */
import { componentsOf } from './components';
import type { PricedComponentSpec, UsageComponentSpec } from './components';
import { resourcesOfScan } from './iac-resources';
import { noUsage } from './usage-file';
import type { Usage } from './usage-file';
import type { ScannedFile } from '../iac/scan-files';
import type { ComponentPrice, PriceIndex, PriceNotFoundError } from '../prices/read/price-index';
import { kindOfSize } from '../prices/price-types';
import type { PriceKind } from '../prices/price-types';

export interface EstimateComponent {
  name: string;
  /** What priced it: the instance kind of its size, or the product kind (which offer, and which service bills it). */
  kind: PriceKind;
  size?: string;
  variant: Record<string, string>;
  reasons: string[];
  unit: string;
  quantity: number;
  unitPrice: number;
  monthly: number;
}

export interface EstimateResource {
  file: string;
  line: number;
  name: string;
  type: string;
  kind: string;
  region: string;
  regionReason: string;
  count: number;
  components: EstimateComponent[];
  monthly: number | null;
  unpriced: EstimateUnpriced[];
}

/** A component not in the monthly figure, and why; usage-based ones carry their unit price when the store has it. */
export interface EstimateUnpriced {
  name: string;
  reason: string;
  usageBased?: boolean;
  unit?: string;
  unitPrice?: number;
  /** Set when downloading (or refreshing) this offer for the resource's region would price the component. */
  offerCode?: string;
}

export interface Estimate {
  currency: string;
  hoursPerMonth: number;
  resources: EstimateResource[];
  total: { monthly: number; resources: number; unpricedComponents: number };
}

export interface EstimateOptions {
  hoursPerMonth: number;
  defaultRegion: { code: string; reason: string };
  /** Values for usage-based components (a usage file); without them those are listed, not priced. */
  usage?: Usage;
}

/** Offer units spelt two ways for one thing. */
function sameUnit(a: string, b: string): boolean {
  const norm = (u: string): string => u.toLowerCase().replace(/^hours$/, 'hrs');
  return norm(a) === norm(b);
}

/** Drops float noise (0.1 + 0.2) at a millionth of a dollar; rounding to the cent is for display only. */
function round(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

/** Quantities can be small (GiB/s of throughput): float noise goes, significant digits stay. */
function roundQuantity(n: number): number {
  return Number(n.toPrecision(12));
}

export async function estimateFiles(
  files: readonly ScannedFile[],
  index: PriceIndex,
  options: EstimateOptions,
  displayPath: (file: string) => string = (f) => f,
): Promise<Estimate> {
  const resources: EstimateResource[] = [];
  const currencies = new Set<string>();
  for (const f of files) {
    // The region the file's sized resources share, found once per file when a sizeless resource needs it.
    let shared: { region: { code: string; reason: string } | undefined } | undefined;
    for (const r of resourcesOfScan(() => f.text, f.scan, f.file)) {
      const model = componentsOf(r);
      if (!model && r.findings.length === 0) continue;
      const region =
        r.region ?? f.scan.resourceRegions?.[r.name] ?? f.scan.fileRegion ?? (shared ??= { region: sharedRegion(f.scan) }).region ?? options.defaultRegion;
      const out: EstimateResource = {
        file: displayPath(f.file),
        line: r.line,
        name: r.name,
        type: r.type,
        kind:
          r.findings.find((x) => x.role === 'value')?.kind ?? model?.priced.find((c) => c.product)?.product?.kind ?? model?.usage?.[0]?.product.kind ?? 'other',
        region: region.code,
        regionReason: region.reason,
        count: model?.count ?? r.copies,
        components: [],
        monthly: null,
        unpriced: [],
      };
      if (!model) {
        out.unpriced.push({ name: 'Resource', reason: `${r.type} is not in the cost model yet (see "What is priced" in the README)` });
      } else {
        out.unpriced.push(...model.unpriced.map(({ name, reason, usageBased }) => ({ name, reason, ...(usageBased ? { usageBased } : {}) })));
        const usage = (options.usage ?? noUsage).valuesFor(r.name, r.type);
        for (const c of model.priced) {
          const priced = await priceOf(index, c, region.code);
          if ('unpriced' in priced) {
            out.unpriced.push({ name: c.name, reason: priced.unpriced, ...(priced.offerCode ? { offerCode: priced.offerCode } : {}) });
            continue;
          }
          currencies.add(priced.currency);
          const quantity = c.quantityPerMonth(options.hoursPerMonth);
          out.components.push({
            name: c.name,
            kind: c.size ? kindOfSize(c.size) : c.product!.kind,
            ...(c.size ? { size: c.size } : {}),
            variant: priced.variant,
            reasons: c.reasons,
            unit: c.unit,
            quantity: roundQuantity(quantity),
            unitPrice: priced.unitPrice,
            monthly: round(out.count * quantity * priced.unitPrice),
          });
        }
        for (const u of model.usage ?? []) {
          const given = u.fromUsage(usage, options.hoursPerMonth);
          const found = await productPrice(index, u, region.code);
          if ('unpriced' in found) {
            out.unpriced.push({
              name: u.name,
              reason: given ? found.unpriced : `usage-based: ${usageHint(u)}; ${found.unpriced}`,
              usageBased: true,
              ...(found.offerCode ? { offerCode: found.offerCode } : {}),
            });
            continue;
          }
          if (!given) {
            out.unpriced.push({ name: u.name, reason: `usage-based: ${usageHint(u)}`, usageBased: true, unit: found.unit, unitPrice: found.price });
            continue;
          }
          currencies.add(found.currency);
          out.components.push({
            name: u.name,
            kind: u.product.kind,
            variant: { usageType: found.usageType },
            reasons: [...given.reasons, 'from the usage file'],
            unit: found.unit,
            quantity: roundQuantity(given.quantity),
            unitPrice: found.price,
            monthly: round(out.count * given.quantity * found.price),
          });
        }
      }
      if (out.components.length > 0) out.monthly = round(out.components.reduce((s, c) => s + c.monthly, 0));
      resources.push(out);
    }
  }
  if (currencies.size > 1) throw new Error(`prices in several currencies (${[...currencies].join(', ')}): estimate one partition at a time`);
  return {
    currency: [...currencies][0] ?? 'USD',
    hoursPerMonth: options.hoursPerMonth,
    resources,
    total: {
      monthly: round(resources.reduce((s, r) => s + (r.monthly ?? 0), 0)),
      resources: resources.length,
      unpricedComponents: resources.reduce((s, r) => s + r.unpriced.length, 0),
    },
  };
}

function usageHint(u: UsageComponentSpec): string {
  return `give ${u.usageKeys.join(', ')} in a usage file to price it`;
}

type Priced = { unitPrice: number; currency: string; variant: Record<string, string> } | Unpriced;
type Unpriced = { unpriced: string; offerCode?: string };

/** The reason for a miss, in no host's words, and the offer whose download would price it. */
async function missOf(miss: Promise<PriceNotFoundError>): Promise<Unpriced> {
  const { message, hint, remedy } = await miss;
  return { unpriced: `${message}${hint ? ` ${hint}` : ''}`, ...(remedy ? { offerCode: remedy.services[0]! } : {}) };
}

/** An instance size's hourly price in its variant, or a product's price in the unit the model counts. */
async function priceOf(index: PriceIndex, c: PricedComponentSpec, region: string): Promise<Priced> {
  if (c.size) {
    const record = await index.lookup(c.size, region, c.filter);
    const hourly = record?.onDemand?.hourly;
    if (record && hourly !== undefined) return { unitPrice: hourly, currency: record.currency, variant: record.variant };
    return missOf(index.explainMiss(c.size, region, c.filter));
  }
  const found = await productPrice(index, { product: c.product!, filter: c.filter, unit: c.unit }, region);
  if ('unpriced' in found) return found;
  return { unitPrice: found.price, currency: found.currency, variant: { ...c.variant, usageType: found.usageType } };
}

async function productPrice(index: PriceIndex, c: Pick<UsageComponentSpec, 'product' | 'filter' | 'unit'>, region: string): Promise<ComponentPrice | Unpriced> {
  const found = await index.lookupComponent(c.product.kind, c.product.usage, region, c.filter);
  if (!found || Number.isNaN(found.price)) return missOf(index.explainComponentMiss(c.product.kind, c.product.usage, region));
  // A unit the model does not count in would multiply the wrong quantity: say so instead.
  if (!sameUnit(found.unit, c.unit))
    return { unpriced: `the offer prices ${c.product.usage} per ${found.unit}, not per ${c.unit}: not priced rather than guessed` };
  return found;
}

/**
 * For a resource that names no size (a NAT gateway, a volume) and whose block and stack say no
 * region: the one region the file's sized resources share, if they share one.
 */
function sharedRegion(scan: ScannedFile['scan']): { code: string; reason: string } | undefined {
  const codes = new Set<string>();
  let first: { code: string; reason: string } | undefined;
  for (const f of scan.findings) {
    if (!f.region || f.role === 'option') continue;
    codes.add(f.region.code);
    first ??= f.region;
  }
  return codes.size === 1 ? { code: first!.code, reason: `as the file's other resources: ${first!.reason}` } : undefined;
}
