import { formatMoney } from '../../core/format';
import { bestReserved, bestSavingsPlan } from '../../core/prices/price-math';
import type { PriceRecord } from '../../core/prices/price-types';
import { escapeMarkdown, md, ownMarkdown } from '../markdown-text';
import type { OwnMarkdown } from '../markdown-text';

/** A record's specs in one line: "2 vCPU · 8 GiB · arm64". */
export function specsLine(r: PriceRecord): string {
  const s = r.specs;
  return [
    s.vcpu !== undefined ? `${s.vcpu} vCPU` : '',
    s.memoryGiB !== undefined ? `${s.memoryGiB} GiB` : '',
    s.architecture ?? '',
    s.gpu ? `${s.gpu} GPU` : '',
  ]
    .filter(Boolean)
    .join(' · ');
}

/** The tree row: "m7g.large — $0.0816/h · 2 vCPU · 8 GiB". */
export function priceRowLabel(r: PriceRecord): string {
  const s = r.specs;
  const parts = [r.onDemand ? `${formatMoney(r.onDemand.hourly, r.currency)}/h` : 'no On-Demand price'];
  if (s.vcpu !== undefined) parts.push(`${s.vcpu} vCPU`);
  if (s.memoryGiB !== undefined) parts.push(`${s.memoryGiB} GiB`);
  return `${r.size} — ${parts.join(' · ')}`;
}

/** A price as markdown: the number is ours, the currency code comes from the offer file. */
export function moneyMarkdown(n: number | undefined, currency: string, digits?: number): OwnMarkdown {
  return ownMarkdown(formatMoney(n, escapeMarkdown(currency), digits));
}

/**
 * Markdown with every term of a price: On-Demand, monthly, per vCPU, Reserved, Savings Plans,
 * source. Every value from the offer file is text (markdown-text.ts), never markup.
 */
export function priceMarkdown(r: PriceRecord, hoursPerMonth: number): string {
  const c = r.currency;
  const money = (n: number | undefined, digits?: number): OwnMarkdown => moneyMarkdown(n, c, digits);
  const out: string[] = [md`**${r.size}** in ${r.region} · ${Object.values(r.variant).filter(Boolean).join(' / ')}`, ''];
  const specs = specsLine(r);
  if (specs) out.push(md`${specs}`, '');
  const od = r.onDemand?.hourly;
  if (od !== undefined) {
    out.push(
      md`On-Demand **${money(od)}/h** · ${money(od * hoursPerMonth, 2)}/month (${hoursPerMonth} h)${r.specs.vcpu ? ownMarkdown(md` · ${money(od / r.specs.vcpu, 5)} per vCPU-hour`) : ''}`,
      '',
    );
  }
  const dash = ownMarkdown('-');
  if (r.reserved.length > 0) {
    out.push('| Reserved | class | purchase | hourly | upfront | effective/h |', '|---|---|---|---:|---:|---:|');
    for (const x of r.reserved)
      out.push(md`| ${x.term} | ${x.class || dash} | ${x.purchase} | ${money(x.hourly)} | ${money(x.upfront, 0)} | ${money(x.effectiveHourly)} |`);
    out.push('');
  }
  if (r.savingsPlans.length > 0) {
    out.push('| Savings Plan | term | purchase | hourly |', '|---|---|---|---:|');
    for (const x of r.savingsPlans) out.push(md`| ${x.plan} | ${x.term} | ${x.purchase} | ${money(x.hourly)} |`);
    out.push('');
  }
  const ri = bestReserved(r);
  const sp = bestSavingsPlan(r);
  if (od && (ri || sp)) {
    const best = [
      ri ? md`RI ${money(ri.effectiveHourly)}/h (${Math.round(100 * (1 - ri.effectiveHourly / od))}% off)` : '',
      sp ? md`SP ${money(sp.hourly)}/h (${Math.round(100 * (1 - sp.hourly / od))}% off)` : '',
    ].filter(Boolean);
    out.push(`Best: ${best.join(' · ')}`, '');
  }
  out.push(md`_${r.source.offerCode} ${r.source.version}, published ${r.source.publicationDate}_`);
  return out.join('\n');
}
