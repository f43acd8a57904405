import { formatMoney } from '../core/format';
import { bestReserved, bestSavingsPlan } from '../core/prices/price-math';
import type { PriceRecord } from '../core/prices/price-types';

/** A record's specs in one line: "2 vCPU · 8 GiB · arm64". */
export function specsLine(r: PriceRecord): string {
  const s = r.specs;
  return [s.vcpu !== undefined ? `${s.vcpu} vCPU` : '', s.memoryGiB !== undefined ? `${s.memoryGiB} GiB` : '', s.architecture ?? '', s.gpu ? `${s.gpu} GPU` : ''].filter(Boolean).join(' · ');
}

/** The tree row: "m7g.large — $0.0816/h · 2 vCPU · 8 GiB". */
export function priceRowLabel(r: PriceRecord): string {
  const s = r.specs;
  const parts = [r.onDemand ? `${formatMoney(r.onDemand.hourly, r.currency)}/h` : 'no On-Demand price'];
  if (s.vcpu !== undefined) parts.push(`${s.vcpu} vCPU`);
  if (s.memoryGiB !== undefined) parts.push(`${s.memoryGiB} GiB`);
  return `${r.size} — ${parts.join(' · ')}`;
}

/** Markdown with every term of a price: On-Demand, monthly, per vCPU, Reserved, Savings Plans, source. */
export function priceMarkdown(r: PriceRecord, hoursPerMonth: number): string {
  const c = r.currency;
  const out: string[] = [`**${r.size}** in ${r.region} · ${Object.values(r.variant).filter(Boolean).join(' / ')}`, ''];
  const specs = specsLine(r);
  if (specs) out.push(specs, '');
  const od = r.onDemand?.hourly;
  if (od !== undefined) {
    out.push(`On-Demand **${formatMoney(od, c)}/h** · ${formatMoney(od * hoursPerMonth, c, 2)}/month (${hoursPerMonth} h)${r.specs.vcpu ? ` · ${formatMoney(od / r.specs.vcpu, c, 5)} per vCPU-hour` : ''}`, '');
  }
  if (r.reserved.length > 0) {
    out.push('| Reserved | class | purchase | hourly | upfront | effective/h |', '|---|---|---|---:|---:|---:|');
    for (const x of r.reserved) out.push(`| ${x.term} | ${x.class || '-'} | ${x.purchase} | ${formatMoney(x.hourly, c)} | ${formatMoney(x.upfront, c, 0)} | ${formatMoney(x.effectiveHourly, c)} |`);
    out.push('');
  }
  if (r.savingsPlans.length > 0) {
    out.push('| Savings Plan | term | purchase | hourly |', '|---|---|---|---:|');
    for (const x of r.savingsPlans) out.push(`| ${x.plan} | ${x.term} | ${x.purchase} | ${formatMoney(x.hourly, c)} |`);
    out.push('');
  }
  const ri = bestReserved(r);
  const sp = bestSavingsPlan(r);
  if (od && (ri || sp)) {
    const best = [ri ? `RI ${formatMoney(ri.effectiveHourly, c)}/h (${Math.round(100 * (1 - ri.effectiveHourly / od))}% off)` : '', sp ? `SP ${formatMoney(sp.hourly, c)}/h (${Math.round(100 * (1 - sp.hourly / od))}% off)` : ''].filter(Boolean);
    out.push(`Best: ${best.join(' · ')}`, '');
  }
  out.push(`_${r.source.offerCode} ${r.source.version}, published ${r.source.publicationDate}_`);
  return out.join('\n');
}
