import * as vscode from 'vscode';
import { formatMoney } from '../../core/format';
import { literalReplacement } from '../../core/iac/finding';
import { countsInTotal } from '../../core/iac/totals';
import type { IacFinding } from '../../core/iac/finding';
import { iacFilePatterns, iacLanguageIds, isIacDocument } from '../../core/iac/languages';
import type { ExtensionServices } from '../extension-services';
import { currentGenerationSuggestions, hoverMarkdown, monthlyOf, toRange } from './iac-prices';
import type { FindingPrice, IacPrices } from './iac-prices';
import type { Estimate } from '../../core/cost/estimate';
import { estimateMarkdown, resourceBreakdown } from './cost-breakdown-markdown';
import { CostBreakdownDocuments, breakdownCommand } from './cost-breakdown';

/**
 * Terraform files may have no language id without the HashiCorp extension, so files are matched
 * by pattern as well as by language.
 */
export const iacSelector: vscode.DocumentSelector = [
  ...iacLanguageIds.map((language) => ({ language, scheme: 'file' })),
  ...iacLanguageIds.map((language) => ({ language, scheme: 'untitled' })),
  ...iacFilePatterns.map((pattern) => ({ pattern, scheme: 'file' })),
];

export class IacHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly s: ExtensionServices,
    private readonly iac: IacPrices,
  ) {}

  async provideHover(doc: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    if (!this.s.settings.get('hover.enabled')) return undefined;
    const finding = await this.iac.findingAt(doc, position);
    if (!finding) return undefined;
    const priced = await this.iac.price(finding, doc, { alternatives: true });
    const out = hoverMarkdown(priced, this.s.settings.get('hoursPerMonth'));
    // The whole resource, as `estimate` prices it: every component, its variant and why, and what is not priced.
    const e = finding.resource ? await this.iac.estimate(doc).catch(() => undefined) : undefined;
    const resource = e?.resources.find((r) => r.name === finding.resource);
    if (e && resource && (resource.components.length > 1 || resource.unpriced.length > 0))
      out.appendMarkdown('\n\n---\n\n' + resourceBreakdown(resource, e.currency, '####'));
    return new vscode.Hover(out, toRange(finding));
  }
}

/** Groups a file's deployed findings by resource: what a lens above each resource sums (the totals rule). */
function resources(findings: readonly IacFinding[]): Map<string, IacFinding[]> {
  const out = new Map<string, IacFinding[]>();
  for (const f of findings) {
    if (!countsInTotal(f)) continue;
    const key = f.resource ?? `line ${f.range.start.line + 1}`;
    const list = out.get(key);
    if (list) list.push(f);
    else out.set(key, [f]);
  }
  return out;
}

export class IacCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.emitter.event;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly s: ExtensionServices,
    private readonly iac: IacPrices,
  ) {
    this.subscriptions.push(
      s.settings.onDidChange((keys) => {
        if (keys.some((k) => k === 'codeLens.enabled' || k === 'hoursPerMonth' || k === 'defaultRegion' || k === 'aws.profile' || k === 'usageFile'))
          this.emitter.fire();
      }),
      s.downloads.onDidChange(() => {
        if (!s.downloads.isRunning) this.emitter.fire();
      }),
    );
  }

  refresh(): void {
    this.emitter.fire();
  }

  async provideCodeLenses(doc: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    if (!this.s.settings.get('codeLens.enabled')) return [];
    const estimate = await this.iac.estimate(doc).catch((err: unknown) => {
      this.s.log.output.warn(`estimate of ${doc.fileName} failed: ${String(err)}`);
      return undefined;
    });
    if (estimate) return estimateLenses(doc, estimate, this.s.settings.get('hoursPerMonth'));
    const { findings } = await this.iac.scan(doc);
    if (findings.length === 0) return [];
    const hours = this.s.settings.get('hoursPerMonth');
    const lenses: vscode.CodeLens[] = [];
    let total = 0;
    let currency = 'USD';
    let priced = 0;
    let unpriced = 0;
    for (const [resource, list] of resources(findings)) {
      const prices: FindingPrice[] = await Promise.all(list.map((f) => this.iac.price(f, doc)));
      let sum = 0;
      let missing = 0;
      for (const p of prices) {
        const m = monthlyOf(p, hours);
        if (m === undefined) missing++;
        else {
          sum += m;
          currency = p.record!.currency;
        }
      }
      const first = list[0];
      const range = new vscode.Range(first.range.start.line, 0, first.range.start.line, 0);
      const count = prices.reduce((n, p) => n + (p.units ?? p.finding.count ?? 1), 0);
      const title =
        missing === prices.length
          ? `$(circle-slash) ${resource}: no price (${prices[0].miss?.message ?? 'not in the index'})`
          : `$(graph) ${resource}: ${formatMoney(sum, currency, 2)}/month${count > 1 ? ` for ${count} instances` : ''}${missing ? ` (+${missing} unpriced)` : ''} · ${prices[0].region.code}`;
      lenses.push(
        new vscode.CodeLens(
          range,
          missing === prices.length
            ? { title: title.slice(0, 160), command: 'priceAtlas.downloadPriceLists', arguments: [{ regions: [prices[0].region.code] }] }
            : { title, command: '' },
        ),
      );
      if (missing < prices.length) {
        total += sum;
        priced++;
      }
      if (missing > 0) unpriced++;
    }
    if (priced > 0) {
      const alternatives = findings.filter((f) => f.role === 'choice').length;
      const notes = [unpriced ? `${unpriced} unpriced` : '', alternatives ? `${alternatives} alternative${alternatives === 1 ? '' : 's'} not added` : '']
        .filter(Boolean)
        .join('; ');
      lenses.unshift(
        new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), {
          title: `$(graph) Price Atlas: ${formatMoney(total, currency, 2)}/month for ${priced} resource${priced === 1 ? '' : 's'} in this file${notes ? ` (${notes})` : ''} (On-Demand, ${hours} h)`,
          command: '',
        }),
      );
    }
    return lenses;
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
    this.emitter.dispose();
  }
}

/**
 * Lenses from the cost model: one per resource (its monthly cost, or why none), and the file's
 * total; each opens the breakdown. A resource whose prices are missing from the store offers the
 * download instead.
 */
function estimateLenses(doc: vscode.TextDocument, e: Estimate, hours: number): vscode.CodeLens[] {
  const lenses: vscode.CodeLens[] = [];
  const money = (n: number): string => formatMoney(n, e.currency, 2);
  const open = (): vscode.Command => ({ title: '', command: breakdownCommand, arguments: [doc.uri.toString()] });
  for (const r of e.resources) {
    const line = Math.max(0, r.line - 1);
    const range = new vscode.Range(line, 0, line, 0);
    const missing = r.unpriced.find((u) => u.offerCode);
    if (r.monthly === null) {
      const title = `$(circle-slash) ${r.name}: not priced (${r.unpriced[0]?.reason ?? 'no component'})`.slice(0, 160);
      lenses.push(
        new vscode.CodeLens(
          range,
          missing
            ? { title, command: 'priceAtlas.downloadPriceLists', arguments: [{ services: [missing.offerCode], regions: [r.region] }] }
            : { ...open(), title },
        ),
      );
      continue;
    }
    const parts = r.components.length > 1 ? ` · ${r.components.length} components` : '';
    const unpriced = r.unpriced.length ? ` (+${r.unpriced.length} not priced)` : '';
    lenses.push(
      new vscode.CodeLens(range, {
        ...open(),
        title: `$(graph) ${r.name}: ${money(r.monthly)}/month${r.count > 1 ? ` for ${r.count}` : ''}${parts}${unpriced} · ${r.region}`,
      }),
    );
  }
  const priced = e.resources.filter((r) => r.monthly !== null).length;
  if (priced > 0) {
    const unpriced = e.total.unpricedComponents;
    const title = `$(graph) Price Atlas: ${money(e.total.monthly)}/month for ${priced} resource${priced === 1 ? '' : 's'} in this file${unpriced ? ` (${unpriced} component${unpriced === 1 ? '' : 's'} not priced)` : ''} (On-Demand, ${hours} h)`;
    lenses.unshift(new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), { ...open(), title }));
  }
  return lenses;
}

/** A previous-generation diagnostic carries the sizes its quick fix offers and the text each writes. */
type FixableDiagnostic = vscode.Diagnostic & { replacements?: { size: string; text: string }[] };

/** Previous-generation sizes: an Information diagnostic when a current one is cheaper, a Hint otherwise. */
export class GenerationDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('priceAtlas');
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly s: ExtensionServices,
    private readonly iac: IacPrices,
  ) {
    const schedule = (doc: vscode.TextDocument): void => {
      if (!vscode.languages.match(iacSelector, doc)) return;
      const key = doc.uri.toString();
      clearTimeout(this.timers.get(key));
      this.timers.set(
        key,
        setTimeout(() => void this.update(doc), 300),
      );
    };
    this.subscriptions.push(
      vscode.workspace.onDidOpenTextDocument(schedule),
      vscode.workspace.onDidChangeTextDocument((e) => schedule(e.document)),
      vscode.workspace.onDidCloseTextDocument((doc) => this.collection.delete(doc.uri)),
      s.downloads.onDidChange(() => {
        if (!s.downloads.isRunning) for (const doc of vscode.workspace.textDocuments) schedule(doc);
      }),
    );
    // Before the user touches anything, only documents that are infrastructure code by language or
    // name: a workspace's open TypeScript or JSON is scanned when it is edited, not at activation.
    for (const doc of vscode.workspace.textDocuments) if (isIacDocument(doc.fileName, doc.languageId)) schedule(doc);
  }

  async update(doc: vscode.TextDocument): Promise<vscode.Diagnostic[]> {
    const { findings } = await this.iac.scan(doc);
    const out: vscode.Diagnostic[] = [];
    for (const f of findings) {
      if (f.role === 'option') continue;
      const candidates = currentGenerationSuggestions(f);
      if (candidates.length === 0) continue;
      const region = (await this.iac.regionOf(f)).code;
      const current = await this.s.index().lookup(f.resolved, region);
      const base = current?.onDemand?.hourly;
      let best: { size: string; hourly: number } | undefined;
      for (const size of candidates) {
        const h = (await this.s.index().lookup(size, region))?.onDemand?.hourly;
        if (h !== undefined && base !== undefined && h < base && (!best || h < best.hourly)) best = { size, hourly: h };
      }
      const diagnostic = best
        ? new vscode.Diagnostic(
            toRange(f),
            `${f.resolved} is a previous-generation size: ${best.size} costs ${formatMoney(best.hourly, current!.currency)}/h, ${Math.round(100 * (1 - best.hourly / base!))}% less (${region}).`,
            vscode.DiagnosticSeverity.Information,
          )
        : new vscode.Diagnostic(
            toRange(f),
            `${f.resolved} is a previous-generation size; current generation: ${candidates.join(', ')}.`,
            vscode.DiagnosticSeverity.Hint,
          );
      diagnostic.source = 'Price Atlas';
      diagnostic.code = 'previous-generation';
      // The text to write for each size, as the file spells it (a CDK RDS size has no `db.`); none for symbolic forms.
      const sizes = best ? [best.size, ...candidates.filter((c) => c !== best!.size)] : candidates;
      (diagnostic as FixableDiagnostic).replacements = sizes.flatMap((size) => {
        const text = literalReplacement(f, size);
        return text === undefined ? [] : [{ size, text }];
      });
      out.push(diagnostic);
    }
    this.collection.set(doc.uri, out);
    return out;
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const d of this.subscriptions) d.dispose();
    this.collection.dispose();
  }
}

/** Quick fix for previous-generation sizes written as literals: replace the size in place. */
export class GenerationQuickFix implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const d of context.diagnostics) {
      const replacements = (d as FixableDiagnostic).replacements;
      if (d.source !== 'Price Atlas' || d.code !== 'previous-generation' || !replacements) continue;
      replacements.forEach(({ size, text }, n) => {
        const action = new vscode.CodeAction(`Use ${size}`, vscode.CodeActionKind.QuickFix);
        action.edit = new vscode.WorkspaceEdit();
        action.edit.replace(doc.uri, d.range, text);
        action.diagnostics = [d];
        action.isPreferred = n === 0;
        actions.push(action);
      });
    }
    return actions;
  }
}

export interface IacProviders {
  hover: IacHoverProvider;
  lenses: IacCodeLensProvider;
  diagnostics: GenerationDiagnostics;
  breakdowns: CostBreakdownDocuments;
  disposables: vscode.Disposable[];
}

export function registerIacProviders(s: ExtensionServices, iac: IacPrices): IacProviders {
  const hover = new IacHoverProvider(s, iac);
  const lenses = new IacCodeLensProvider(s, iac);
  const diagnostics = new GenerationDiagnostics(s, iac);
  const breakdowns = new CostBreakdownDocuments(iac, estimateMarkdown);
  return {
    hover,
    lenses,
    diagnostics,
    breakdowns,
    disposables: [
      lenses,
      diagnostics,
      breakdowns,
      vscode.languages.registerHoverProvider(iacSelector, hover),
      vscode.languages.registerCodeLensProvider(iacSelector, lenses),
      vscode.languages.registerCodeActionsProvider(iacSelector, new GenerationQuickFix(), { providedCodeActionKinds: GenerationQuickFix.kinds }),
    ],
  };
}
