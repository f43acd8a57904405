/**
 * The variant a size is priced in, from the resource that owns it: the editor's hover and lens price
 * `engine = "postgres"`, `multi_az = true` as PostgreSQL Multi-AZ, exactly as `estimate` does, through
 * the same model. One reading of the file per scan (the editor caches scans per document version).
 */
import { componentsOf, sizeComponents } from './components';
import { resourcesOfScan } from './iac-resources';
import type { ResourceComponents } from './components';
import type { IacFinding, IacScan } from '../iac/finding';

/** `units`: how many run at this size, as `estimate` counts them (nodes x copies of the resource). */
export type FindingVariant = { filter: Record<string, string>; reasons: string[]; units: number } | { unpriced: string };

const perScan = new WeakMap<IacScan, Map<string, ResourceComponents>>();

function modelsOf(text: () => string, scan: IacScan): Map<string, ResourceComponents> {
  let models = perScan.get(scan);
  if (!models) {
    models = new Map();
    for (const r of resourcesOfScan(text, scan)) {
      const c = componentsOf(r);
      if (c) models.set(r.name, c);
    }
    perScan.set(scan, models);
  }
  return models;
}

/**
 * undefined: the resource type is not modelled, so the size is priced in the default variant, as before.
 * `text` is asked for only on the scan's first call: a lens pass asks once per finding.
 */
export function variantOfFinding(text: () => string, scan: IacScan, finding: IacFinding): FindingVariant | undefined {
  if (!finding.resource || finding.role === 'option') return undefined;
  const model = modelsOf(text, scan).get(finding.resource);
  if (!model) return undefined;
  const priced = model.priced.find((c) => c.size === finding.resolved);
  if (priced) return { filter: priced.filter, reasons: priced.reasons, units: priced.quantityPerMonth(1) * (model.count ?? 1) };
  const instance = model.unpriced.find((u) => sizeComponents.has(u.name));
  return instance && finding.role === 'value' ? { unpriced: instance.reason } : undefined;
}
