import * as vscode from 'vscode';
import { errorMessage } from '../../core/errors';
import type { PriceIndex } from '../../core/prices/read/price-index';
import type { PriceRecord } from '../../core/prices/price-types';
import { priceMarkdown, priceRowLabel } from './price-markdown';
import type { DefaultRegionService } from '../settings/default-region';
import type { SettingsStore } from '../settings/settings';

export type PriceSort = 'price' | 'vcpu' | 'memory' | 'pricePerVcpu';

export const priceSorts: readonly { id: PriceSort; label: string }[] = [
  { id: 'price', label: 'Price (hourly)' },
  { id: 'vcpu', label: 'vCPUs' },
  { id: 'memory', label: 'Memory' },
  { id: 'pricePerVcpu', label: 'Price per vCPU' },
];

export interface GroupNode {
  type: 'group';
  family: string;
  records: PriceRecord[];
}

export interface PriceNode {
  type: 'price';
  record: PriceRecord;
}

export interface NoteNode {
  type: 'note';
  text: string;
  detail?: string;
}

export type PricesTreeNode = GroupNode | PriceNode | NoteNode;

const FAMILY_ORDER = [
  'General purpose',
  'Compute optimized',
  'Memory optimized',
  'Accelerated computing',
  'Storage optimized',
  'Machine Learning ASIC Instances',
  'FPGA Instances',
  'GPU instance',
  'Micro instances',
];

function sortValue(r: PriceRecord, sort: PriceSort): number {
  const od = r.onDemand?.hourly ?? Infinity;
  switch (sort) {
    case 'vcpu':
      return r.specs.vcpu ?? Infinity;
    case 'memory':
      return r.specs.memoryGiB ?? Infinity;
    case 'pricePerVcpu':
      return r.specs.vcpu ? od / r.specs.vcpu : Infinity;
    default:
      return od;
  }
}

/**
 * Instance Prices: the EC2 prices of one region (default variant: Linux, Shared), grouped by
 * family category, filtered and sorted as the user chose. Rows can be multi-selected and compared.
 */
export class InstancePricesProvider implements vscode.TreeDataProvider<PricesTreeNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<PricesTreeNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private filterText = '';
  private sortBy: PriceSort = 'price';
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly index: () => PriceIndex,
    private readonly settings: SettingsStore,
    private readonly defaults: DefaultRegionService,
    private readonly state: vscode.Memento,
  ) {
    this.sortBy = state.get<PriceSort>('priceAtlas.sort') ?? 'price';
    this.subscriptions.push(
      settings.onDidChange((keys) => {
        if (keys.includes('defaultRegion') || keys.includes('aws.profile') || keys.includes('hoursPerMonth')) this.refresh();
      }),
    );
  }

  /**
   * The region shown: picked in the view, else the default region (setting, AWS_REGION,
   * AWS_DEFAULT_REGION, the AWS profile's, us-east-1). Synchronous, so before the AWS config file
   * was first read it may still say us-east-1 where the profile names another; `resolveRegion` waits.
   */
  get region(): string {
    return this.state.get<string>('priceAtlas.region') || this.defaults.current.code;
  }

  /** The region shown, once the profile's region (a file read) is known. */
  async resolveRegion(): Promise<string> {
    return this.state.get<string>('priceAtlas.region') || (await this.defaults.get()).code;
  }

  async setRegion(region: string | undefined): Promise<void> {
    await this.state.update('priceAtlas.region', region);
    this.refresh();
  }

  get filter(): string {
    return this.filterText;
  }

  setFilter(text: string): void {
    this.filterText = text.trim().toLowerCase();
    void vscode.commands.executeCommand('setContext', 'priceAtlas.pricesFiltered', this.filterText !== '');
    this.refresh();
  }

  get sort(): PriceSort {
    return this.sortBy;
  }

  async setSort(sort: PriceSort): Promise<void> {
    this.sortBy = sort;
    await this.state.update('priceAtlas.sort', sort);
    this.refresh();
  }

  refresh(): void {
    this.emitter.fire(undefined);
  }

  async getChildren(node?: PricesTreeNode): Promise<PricesTreeNode[]> {
    if (node?.type === 'group') return this.sorted(node.records).map((record) => ({ type: 'price', record }) satisfies PriceNode);
    if (node) return [];
    let records: PriceRecord[];
    try {
      records = await this.index().records(await this.resolveRegion(), { kind: 'ec2' });
    } catch (err) {
      return [{ type: 'note', text: 'The pricing cache could not be read', detail: `${errorMessage(err)} — run "Price Atlas: Build Price Index".` }];
    }
    void vscode.commands.executeCommand('setContext', 'priceAtlas.hasPrices', records.length > 0);
    if (records.length === 0) return [];
    const shown = this.filterText
      ? records.filter((r) => r.size.toLowerCase().includes(this.filterText) || (r.specs.family ?? '').toLowerCase().includes(this.filterText))
      : records;
    if (shown.length === 0) return [{ type: 'note', text: `No size matches "${this.filterText}"`, detail: 'Clear the filter from the view title.' }];
    const groups = new Map<string, PriceRecord[]>();
    for (const r of shown) {
      const family = r.specs.family ?? 'Other';
      const list = groups.get(family);
      if (list) list.push(r);
      else groups.set(family, [r]);
    }
    const rank = (f: string): number => (FAMILY_ORDER.includes(f) ? FAMILY_ORDER.indexOf(f) : FAMILY_ORDER.length);
    return [...groups.entries()]
      .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
      .map(([family, list]) => ({ type: 'group', family, records: list }) satisfies GroupNode);
  }

  private sorted(records: PriceRecord[]): PriceRecord[] {
    return [...records].sort((a, b) => sortValue(a, this.sortBy) - sortValue(b, this.sortBy) || a.size.localeCompare(b.size, undefined, { numeric: true }));
  }

  getTreeItem(node: PricesTreeNode): vscode.TreeItem {
    if (node.type === 'note') {
      const item = new vscode.TreeItem(node.text);
      item.description = node.detail;
      item.iconPath = new vscode.ThemeIcon('info');
      return item;
    }
    if (node.type === 'group') {
      const item = new vscode.TreeItem(node.family, this.filterText ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `family:${this.region}:${node.family}`;
      item.description = `${node.records.length} sizes`;
      item.contextValue = 'priceGroup';
      item.iconPath = new vscode.ThemeIcon('symbol-class');
      return item;
    }
    const r = node.record;
    const item = new vscode.TreeItem(priceRowLabel(r));
    item.id = `price:${r.region}:${r.size}`;
    item.contextValue = 'priceRow';
    // The offer file's values are escaped by priceMarkdown; the tooltip runs no command and no HTML.
    const md = new vscode.MarkdownString(priceMarkdown(r, this.settings.get('hoursPerMonth')));
    md.isTrusted = false;
    md.supportHtml = false;
    item.tooltip = md;
    item.iconPath = new vscode.ThemeIcon(r.specs.architecture === 'arm64' ? 'chip' : 'server');
    return item;
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
    this.emitter.dispose();
  }
}
