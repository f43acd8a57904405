import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { formatMoney } from '../../core/format';
import { bestReserved, bestSavingsPlan } from '../../core/prices/price-math';
import type { PriceRecord } from '../../core/prices/price-types';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The comparison as rows of cells (also what tests read back). */
export function compareRows(records: readonly PriceRecord[], hoursPerMonth: number): string[][] {
  const rows: string[][] = [['', ...records.map((r) => r.size)]];
  const add = (label: string, cell: (r: PriceRecord) => string): void => {
    rows.push([label, ...records.map(cell)]);
  };
  add('vCPU', (r) => (r.specs.vcpu !== undefined ? String(r.specs.vcpu) : '-'));
  add('Memory', (r) => (r.specs.memoryGiB !== undefined ? `${r.specs.memoryGiB} GiB` : '-'));
  add('Architecture', (r) => r.specs.architecture ?? '-');
  add('On-Demand hourly', (r) => formatMoney(r.onDemand?.hourly, r.currency));
  add(`Monthly (${hoursPerMonth} h)`, (r) => formatMoney(r.onDemand ? r.onDemand.hourly * hoursPerMonth : undefined, r.currency, 2));
  add('Per vCPU-hour', (r) => formatMoney(r.onDemand && r.specs.vcpu ? r.onDemand.hourly / r.specs.vcpu : undefined, r.currency, 5));
  add('Per GiB-hour', (r) => formatMoney(r.onDemand && r.specs.memoryGiB ? r.onDemand.hourly / r.specs.memoryGiB : undefined, r.currency, 5));
  add('Best Reserved (effective/h)', (r) => {
    const ri = bestReserved(r);
    return ri ? `${formatMoney(ri.effectiveHourly, r.currency)} (${ri.term} ${ri.class} ${ri.purchase})` : '-';
  });
  add('Best Savings Plan (/h)', (r) => {
    const sp = bestSavingsPlan(r);
    return sp ? `${formatMoney(sp.hourly, r.currency)} (${sp.plan} ${sp.term} ${sp.purchase})` : '-';
  });
  return rows;
}

/** "Compare selected": a webview table of the chosen sizes, one panel reused. */
export class ComparePanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  lastRows: string[][] = [];

  constructor(private readonly extensionUri: vscode.Uri) {}

  show(records: readonly PriceRecord[], hoursPerMonth: number): void {
    this.panel ??= this.create();
    this.lastRows = compareRows(records, hoursPerMonth);
    this.panel.title = `Compare: ${records.map((r) => r.size).join(', ')}`;
    this.panel.webview.html = this.html(this.panel.webview, records[0]?.region ?? '');
    this.panel.reveal(undefined, true);
  }

  private create(): vscode.WebviewPanel {
    const panel = vscode.window.createWebviewPanel('priceAtlas.compare', 'Compare', vscode.ViewColumn.Active, {
      enableScripts: false,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'media')],
    });
    panel.onDidDispose(() => (this.panel = undefined));
    return panel;
  }

  private html(webview: vscode.Webview, region: string): string {
    const css = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'compare.css'));
    const nonce = randomBytes(16).toString('base64');
    const [head, ...body] = this.lastRows;
    const th = head.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('');
    const trs = body
      .map(([label, ...cells]) => `<tr><th scope="row">${escapeHtml(label)}</th>${cells.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`)
      .join('\n');
    return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${webview.cspSource} 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${css}">
<title>Compare</title></head>
<body><h1>Instance comparison · ${escapeHtml(region)}</h1>
<table><thead><tr>${th}</tr></thead><tbody>
${trs}
</tbody></table>
<p class="note">Linux, Shared tenancy list prices from the local pricing cache.</p>
</body></html>`;
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
