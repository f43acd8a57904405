/**
 * A file's estimate as markdown: the total, then each resource with its components (variant, why,
 * quantity, monthly) and what is not priced and why. Names, reasons and variants come from the file
 * and the offer files, so each is text (markdown-text.ts), never markup. No `vscode` import.
 */
import { formatMoney, formatUnitPrice } from '../../core/format';
import type { Estimate, EstimateResource } from '../../core/cost/estimate';
import { md } from '../markdown-text';

function variantText(v: Record<string, string>): string {
  return Object.entries(v)
    .filter(([k, x]) => x && x !== 'NA' && k !== 'usageType')
    .map(([, x]) => x)
    .join(' / ');
}

/** One resource: a heading line and a table of components, then the unpriced ones. */
export function resourceBreakdown(r: EstimateResource, currency: string, heading = '###'): string {
  const money = (n: number): string => formatMoney(n, currency, 2);
  const lines: string[] = [];
  const total = r.monthly === null ? 'not priced' : `${money(r.monthly)}/month`;
  lines.push(`${heading} ` + md`${r.name} — ${total}`);
  lines.push('');
  lines.push(md`${r.type} · line ${r.line} · ${r.count > 1 ? `${r.count} copies · ` : ''}region ${r.region} (${r.regionReason})`);
  lines.push('');
  if (r.components.length > 0) {
    lines.push('| Component | Variant | Quantity | Unit price | Monthly |');
    lines.push('|---|---|---:|---:|---:|');
    for (const c of r.components) {
      const name = c.size ? `${c.name} ${c.size}` : c.name;
      const why = c.reasons.length ? ` (${c.reasons.join('; ')})` : '';
      lines.push(md`| ${name} | ${variantText(c.variant)}${why} | ${c.quantity} ${c.unit} | ${formatUnitPrice(c.unitPrice, currency)} | ${money(c.monthly)} |`);
    }
    lines.push('');
  }
  for (const u of r.unpriced) {
    const unit = u.usageBased && u.unitPrice !== undefined ? ` (${formatUnitPrice(u.unitPrice, currency)} per ${u.unit})` : '';
    lines.push(md`- Not priced: **${u.name}**${unit}: ${u.reason}`);
  }
  if (r.unpriced.length) lines.push('');
  return lines.join('\n');
}

/** The whole file's breakdown, for the Show Cost Breakdown preview. */
export function estimateMarkdown(e: Estimate, fileLabel: string): string {
  const lines = [md`# Cost of ${fileLabel}`, ''];
  const n = e.total.resources;
  const unpriced = e.total.unpricedComponents;
  lines.push(
    md`**${formatMoney(e.total.monthly, e.currency, 2)}/month** for ${n} resource${n === 1 ? '' : 's'} (On-Demand, ${e.hoursPerMonth} h)${unpriced ? `; ${unpriced} component${unpriced === 1 ? '' : 's'} not priced, listed below` : ''}.`,
  );
  lines.push('');
  for (const r of e.resources) lines.push(resourceBreakdown(r, e.currency));
  if (n === 0) lines.push('No resource of the cost model in this file.');
  return lines.join('\n');
}
