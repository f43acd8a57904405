/**
 * `estimate`: files → resources → components → prices from the local store, with the variant
 * priced and why, and every component that could not be priced listed with its reason. One code
 * path for the CLI and the editor, so both show the same number.
 */
import { componentsOf } from './components';
import { costedFormats, iacResources } from './iac-resources';
import type { ScannedFile } from '../iac/scan-files';
import type { PriceIndex } from '../prices/price-index';

export interface EstimateComponent {
  name: string;
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
  unpriced: { name: string; reason: string }[];
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
}

/** Drops float noise (0.1 + 0.2) at a millionth of a dollar; rounding to the cent is for display only. */
function round(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

export async function estimateFiles(files: readonly ScannedFile[], index: PriceIndex, options: EstimateOptions, displayPath: (file: string) => string = (f) => f): Promise<Estimate> {
  const resources: EstimateResource[] = [];
  const currencies = new Set<string>();
  for (const f of files) {
    if (!costedFormats.has(f.scan.format)) continue;
    for (const r of iacResources(f.text, f.scan.format, f.scan.findings)) {
      const model = componentsOf(r);
      if (!model && r.findings.length === 0) continue;
      const region = r.region ?? options.defaultRegion;
      const out: EstimateResource = {
        file: displayPath(f.file),
        line: r.line,
        name: r.name,
        type: r.type,
        kind: r.findings.find((x) => x.role === 'value')?.kind ?? 'other',
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
        out.unpriced.push(...model.unpriced.map(({ name, reason }) => ({ name, reason })));
        for (const c of model.priced) {
          const record = await index.lookup(c.size, region.code, c.filter);
          const hourly = record?.onDemand?.hourly;
          if (!record || hourly === undefined) {
            const miss = await index.explainMiss(c.size, region.code, c.filter);
            out.unpriced.push({ name: c.name, reason: `${miss.message}${miss.hint ? ` ${miss.hint}` : ''}` });
            continue;
          }
          currencies.add(record.currency);
          const quantity = round(c.quantityPerMonth(options.hoursPerMonth));
          out.components.push({ name: c.name, size: c.size, variant: record.variant, reasons: c.reasons, unit: c.unit, quantity, unitPrice: hourly, monthly: round(out.count * quantity * hourly) });
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
