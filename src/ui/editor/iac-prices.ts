import * as vscode from 'vscode';
import { findingAt } from '../../core/iac/finding';
import type { IacFinding, IacScan } from '../../core/iac/finding';
import type { Estimate } from '../../core/cost/estimate';
import type { Usage } from '../../core/cost/usage-file';
import type { DownloadRemedy } from '../../core/remedy';
import type { FolderFacts } from '../../core/iac/scan-files';
import { PriceNotFoundError } from '../../core/prices/read/price-index';
import { bestReserved, bestSavingsPlan } from '../../core/prices/price-math';
import { instanceKinds } from '../../core/prices/price-types';
import type { PriceRecord } from '../../core/prices/price-types';
import type { ExtensionServices } from '../extension-services';
import { lazy } from '../lazy';
import { commandLink, md, ownMarkdown } from '../markdown-text';
import type { OwnMarkdown } from '../markdown-text';
import { moneyMarkdown } from '../views/price-markdown';
import { remedyActions } from '../remedy-actions';
import { optionRemedy } from '../../core/remedy';

const iacEngine = lazy<typeof import('../bundles/iac')>('iac.js');

export interface AssumedRegion {
  code: string;
  reason: string;
}

export interface FindingPrice {
  finding: IacFinding;
  region: AssumedRegion;
  record?: PriceRecord;
  /** Why there is no price, and what fixes it (a remedy the hover words as its own command link). */
  miss?: { message: string; hint?: string; remedy?: DownloadRemedy };
  /** Why this variant was priced: `engine = "postgres" → PostgreSQL`, `multi_az = true → Multi-AZ`. */
  variantReasons?: string[];
  /** How many run at this size, from the cost model (nodes x copies); else the finding's literal count. */
  units?: number;
  /** Cheaper sizes of the same shape, priced (asked for by the hover, not the lenses). */
  cheaper?: { record: PriceRecord; saving: number }[];
}

const PRICED_KINDS: ReadonlySet<string> = new Set(instanceKinds);

/**
 * Findings and their prices for open documents: recognised once per document version (the
 * recognisers are pure functions of the text and the folder's other files), priced from the
 * local pricing cache. Shared by the hover, the code lenses and the diagnostics.
 */
export class IacPrices implements vscode.Disposable {
  private readonly scans = new Map<string, { version: number; scan: Promise<IacScan> }>();
  private readonly estimates = new Map<string, { version: number; generation: string; estimate: Promise<Estimate | undefined> }>();
  /** Bumped when prices, settings or the usage file change: an estimate of the same text is then stale. */
  private generation = 0;
  private readonly usageWarned = new Set<string>();
  private factsCache: FolderFacts | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly s: ExtensionServices) {
    this.subscriptions.push(
      vscode.workspace.onDidSaveTextDocument((doc) => {
        // Another file of the module may now say the region: forget what was read from disk.
        const usageFile = this.s.settings.get('usageFile');
        if (usageFile && doc.uri.path.endsWith(`/${usageFile.replace(/^\.\//, '')}`)) this.generation++;
        if (this.factsCache && iacEngine().isFactsFileName(doc.fileName)) {
          this.factsCache = undefined;
          this.scans.clear();
        }
      }),
      vscode.workspace.onDidCloseTextDocument((doc) => {
        this.scans.delete(doc.uri.toString());
        this.estimates.delete(doc.uri.toString());
      }),
      s.downloads.onDidChange(() => {
        if (!s.downloads.isRunning) this.generation++;
      }),
      s.settings.onDidChange(() => this.generation++),
    );
  }

  /**
   * The document's resources priced by the core cost model, exactly as `price-atlas estimate`
   * prices them; undefined for formats the model does not read (Kubernetes, Ansible, ...), whose
   * sizes are priced one by one. Cached per document version until prices or settings change.
   */
  estimate(doc: vscode.TextDocument): Promise<Estimate | undefined> {
    const key = doc.uri.toString();
    const cached = this.estimates.get(key);
    // The settings an estimate reads are part of its key: a change is seen before its event arrives.
    const generation = `${this.generation}|${this.s.settings.get('hoursPerMonth')}|${this.s.settings.get('usageFile')}`;
    if (cached && cached.version === doc.version && cached.generation === generation) return cached.estimate;
    const estimate = (async () => {
      const scan = await this.scan(doc);
      const { costedFormats, estimateFiles } = iacEngine();
      if (!costedFormats.has(scan.format)) return undefined;
      const defaultRegion = await this.defaultRegion();
      const usage = await this.usageFor(doc);
      return estimateFiles(
        [{ file: doc.fileName, text: doc.getText(), scan }],
        this.s.index(),
        { hoursPerMonth: this.s.settings.get('hoursPerMonth'), defaultRegion, usage },
        () => vscode.workspace.asRelativePath(doc.uri),
      );
    })();
    this.estimates.set(key, { version: doc.version, generation, estimate });
    if (this.estimates.size > 64) this.estimates.delete(this.estimates.keys().next().value as string);
    return estimate;
  }

  scan(doc: vscode.TextDocument): Promise<IacScan> {
    const key = doc.uri.toString();
    const cached = this.scans.get(key);
    if (cached && cached.version === doc.version) return cached.scan;
    const scan = (async () => {
      const { FolderFacts, recognise } = iacEngine();
      this.factsCache ??= new FolderFacts();
      const context = doc.uri.scheme === 'file' ? await this.factsCache.contextFor(doc.uri.fsPath).catch(() => undefined) : undefined;
      return recognise({ fileName: doc.fileName, languageId: doc.languageId, text: doc.getText() }, context);
    })();
    this.scans.set(key, { version: doc.version, scan });
    if (this.scans.size > 64) this.scans.delete(this.scans.keys().next().value as string);
    return scan;
  }

  async findingAt(doc: vscode.TextDocument, position: vscode.Position): Promise<IacFinding | undefined> {
    return findingAt((await this.scan(doc)).findings, position);
  }

  /**
   * The usage file `priceAtlas.usageFile` names, in the document's workspace folder. A file that is
   * missing or malformed prices nothing usage-based and says why once (the log has each time).
   */
  private async usageFor(doc: vscode.TextDocument): Promise<Usage | undefined> {
    const setting = this.s.settings.get('usageFile');
    const folder = vscode.workspace.getWorkspaceFolder(doc.uri);
    if (!setting || !folder) return undefined;
    const uri = vscode.Uri.joinPath(folder.uri, setting);
    try {
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      return iacEngine().parseUsageFile(text, vscode.workspace.asRelativePath(uri));
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.s.log.output.warn(`priceAtlas.usageFile ${setting}: ${message}`);
      if (!this.usageWarned.has(message)) {
        this.usageWarned.add(message);
        void vscode.window
          .showWarningMessage(`Price Atlas: the usage file ${setting} was not used: ${message}`, 'Open Settings')
          .then((c) => c && vscode.commands.executeCommand('workbench.action.openSettings', 'priceAtlas.usageFile'));
      }
      return undefined;
    }
  }

  /** The region a finding is priced in, and why that one. */
  async regionOf(f: IacFinding): Promise<AssumedRegion> {
    if (f.region) return { code: f.region.code, reason: f.region.reason };
    return this.defaultRegion();
  }

  /** Where a file that names no region is priced, and why. */
  async defaultRegion(): Promise<AssumedRegion> {
    const d = await this.s.defaultRegion.get();
    switch (d.source) {
      case 'explicit':
        return { code: d.code, reason: 'the file does not say; priceAtlas.defaultRegion setting' };
      case 'AWS_REGION':
      case 'AWS_DEFAULT_REGION':
        return { code: d.code, reason: `the file does not say; ${d.source}` };
      case 'profile':
        return { code: d.code, reason: `the file does not say; ${d.from}` };
      default:
        return { code: d.code, reason: `the file does not say; no default region set (priceAtlas.defaultRegion, AWS_REGION or the AWS profile's region)` };
    }
  }

  /**
   * A finding's price in the variant its resource states (engine, deployment, tenancy...), read by
   * the core cost model as `estimate` reads it; with no document, the size's default variant.
   */
  async price(f: IacFinding, doc?: vscode.TextDocument, options: { alternatives?: boolean } = {}): Promise<FindingPrice> {
    const region = await this.regionOf(f);
    if (!PRICED_KINDS.has(f.kind)) {
      return {
        finding: f,
        region,
        miss: {
          message: `${f.kind === 'other' ? 'This kind of size' : f.kind.toUpperCase()} is not in the price index yet (it has EC2, RDS, ElastiCache and OpenSearch).`,
        },
      };
    }
    const variant = doc ? iacEngine().variantOfFinding(() => doc.getText(), await this.scan(doc), f) : undefined;
    if (variant && 'unpriced' in variant) return { finding: f, region, miss: { message: `Not priced: ${variant.unpriced}.` } };
    const filter = variant?.filter ?? {};
    const index = this.s.index();
    const record = await index.lookup(f.resolved, region.code, filter);
    if (record) {
      // Cheaper sizes by grammar (Graviton, newer generations, other processors), priced here so the hover only renders.
      const cheaper =
        options.alternatives && record.onDemand
          ? await iacEngine().pricedAlternatives(record.size, record.onDemand.hourly, async (size) => {
              const r = await index.lookup(size, region.code);
              return r?.onDemand ? { record: r, hourly: r.onDemand.hourly } : undefined;
            })
          : undefined;
      return { finding: f, region, record, ...(variant && { variantReasons: variant.reasons, units: variant.units }), ...(cheaper ? { cheaper } : {}) };
    }
    const miss = await index.explainMiss(f.resolved, region.code, filter).catch((err: unknown) => new PriceNotFoundError(String(err)));
    return { finding: f, region, miss: { message: miss.message, ...(miss.hint ? { hint: miss.hint } : {}), ...(miss.remedy ? { remedy: miss.remedy } : {}) } };
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
    this.scans.clear();
    this.estimates.clear();
  }
}

export function toRange(f: IacFinding): vscode.Range {
  return new vscode.Range(f.range.start.line, f.range.start.character, f.range.end.line, f.range.end.character);
}

/**
 * The hover's markdown for one priced (or unpriced) finding. Sizes, regions and their reasons come
 * from the file being edited, prices and attributes from offer files: all of it is text
 * (markdown-text.ts); only the command links built here are markdown, and only their commands run.
 */
export function hoverMarkdown(p: FindingPrice, hoursPerMonth: number, now = Date.now()): vscode.MarkdownString {
  const out = new vscode.MarkdownString(undefined, true);
  // Trusted for no command until this function builds a link: then for that link's command only.
  out.isTrusted = false;
  out.supportHtml = false;
  const f = p.finding;
  const r = p.record;
  const regionLine = md`Region **${p.region.code}**: ${p.region.reason}`;
  if (!r) {
    out.appendMarkdown(md`**${f.resolved}** — no price\n\n${p.miss?.message ?? ''}\n\n`);
    if (p.miss?.hint) out.appendMarkdown(md`${p.miss.hint}\n\n`);
    out.appendMarkdown(`${regionLine}\n\n`);
    if (p.miss?.remedy) {
      // The remedy's own actions, then the region: a miss may only mean the file's region is not the one meant.
      const actions = [...remedyActions(p.miss.remedy), ...remedyActions(optionRemedy('region'))];
      out.isTrusted = { enabledCommands: [...new Set(actions.map((a) => a.command))] };
      out.appendMarkdown(
        actions.map((a) => commandLink(ownMarkdown(md`$(${a.icon}) ${a.title}`), a.command, a.args.length > 0 ? a.args : undefined).ownMarkdown).join(' · '),
      );
    }
    return out;
  }
  const c = r.currency;
  const money = (n: number | undefined, digits?: number): OwnMarkdown => moneyMarkdown(n, c, digits);
  const od = r.onDemand?.hourly;
  const count = unitsOf(p);
  const specs = [
    r.specs.vcpu !== undefined ? `${r.specs.vcpu} vCPU` : '',
    r.specs.memoryGiB !== undefined ? `${r.specs.memoryGiB} GiB` : '',
    r.specs.architecture ?? '',
  ]
    .filter(Boolean)
    .join(' · ');
  out.appendMarkdown(md`**${r.size}** · ${specs}\n\n`);
  if (p.variantReasons?.length)
    out.appendMarkdown(
      md`${Object.values(r.variant)
        .filter((v) => v && v !== 'NA')
        .join(' / ')}: ${p.variantReasons.join('; ')}\n\n`,
    );
  if (od !== undefined) {
    out.appendMarkdown(md`On-Demand **${money(od)}/h** · **${money(od * hoursPerMonth, 2)}/month** (${hoursPerMonth} h)`);
    if (count > 1) out.appendMarkdown(md` · ×${count} = ${money(od * hoursPerMonth * count, 2)}/month`);
    if (r.specs.vcpu) out.appendMarkdown(md` · ${money(od / r.specs.vcpu, 5)} per vCPU-hour`);
    out.appendMarkdown('\n\n');
  }
  const ri = bestReserved(r);
  const sp = bestSavingsPlan(r);
  const off = (x: number): OwnMarkdown => ownMarkdown(od ? ` (${Math.round(100 * (1 - x / od))}% less)` : '');
  if (ri) out.appendMarkdown(md`Best Reserved: ${money(ri.effectiveHourly)}/h effective, ${ri.term} ${ri.class} ${ri.purchase}${off(ri.effectiveHourly)}\n\n`);
  if (sp) out.appendMarkdown(md`Best Savings Plan: ${money(sp.hourly)}/h, ${sp.plan} ${sp.term} ${sp.purchase}${off(sp.hourly)}\n\n`);
  const alternatives = p.cheaper ?? [];
  if (alternatives.length > 0) {
    const list = alternatives.map((a) => md`${a.record.size} ${moneyMarkdown(a.record.onDemand!.hourly, c)}/h (−${Math.round(100 * a.saving)}%)`).join(' · ');
    out.appendMarkdown(`Cheaper: ${list}\n\n`);
  }
  const published = Date.parse(r.source.publicationDate);
  const age = Number.isFinite(published) ? ` (${Math.max(0, Math.floor((now - published) / 86_400_000))} days old)` : '';
  out.appendMarkdown(`${regionLine}\n\n`);
  out.appendMarkdown(
    md`_${r.source.offerCode} ${r.source.version}, published ${r.source.publicationDate.slice(0, 10)}${ownMarkdown(age)}; ${Object.values(r.variant).filter(Boolean).join(' / ')}_`,
  );
  return out;
}

function unitsOf(p: FindingPrice): number {
  return p.units ?? p.finding.count ?? 1;
}

/** Monthly cost of a finding as written: hourly x hours x how many run (the cost model's count, as estimate's). */
export function monthlyOf(p: FindingPrice, hoursPerMonth: number): number | undefined {
  const h = p.record?.onDemand?.hourly;
  return h === undefined ? undefined : h * hoursPerMonth * unitsOf(p);
}

export function currentGenerationSuggestions(f: IacFinding): string[] {
  return iacEngine().currentGenerationFor(f.resolved);
}
