import * as vscode from 'vscode';
import { md } from '../markdown-text';

/** What the Budgets view shows; the AWS account layer fills it (loaded only when the view asks). */
export interface BudgetsSnapshot {
  /** No credentials could be found: the welcome content explains how to connect. */
  connected: boolean;
  account?: string;
  profile?: string;
  items: BudgetItem[];
  error?: { message: string; hint?: string };
}

export interface BudgetItem {
  id: string;
  label: string;
  description?: string;
  /** Markdown; every value from AWS in it is escaped (markdown-text.ts `md`). */
  tooltip?: string;
  icon?: 'pass' | 'warning' | 'error' | 'graph' | 'calendar' | 'account';
  children?: BudgetItem[];
}

export type BudgetsSource = (options: { force: boolean }) => Promise<BudgetsSnapshot>;

const ICONS: Record<NonNullable<BudgetItem['icon']>, vscode.ThemeIcon> = {
  pass: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  warning: new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground')),
  error: new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground')),
  graph: new vscode.ThemeIcon('graph'),
  calendar: new vscode.ThemeIcon('calendar'),
  account: new vscode.ThemeIcon('account'),
};

/**
 * The Budgets view: budgets with limit, actual, forecast and percent used, and month-to-date
 * costs. Nothing is asked of AWS until the view is shown, and Cost Explorer (which charges per
 * request) only when its cache is older than its TTL or on an explicit refresh.
 */
export class BudgetsProvider implements vscode.TreeDataProvider<BudgetItem>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<BudgetItem | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private force = false;
  last: BudgetsSnapshot | undefined;

  constructor(private readonly source: BudgetsSource) {}

  /** Refresh on demand: `force` bypasses the cost cache. */
  refresh(force = false): void {
    this.force = force;
    this.emitter.fire(undefined);
  }

  async getChildren(item?: BudgetItem): Promise<BudgetItem[]> {
    if (item) return item.children ?? [];
    const force = this.force;
    this.force = false;
    let snapshot: BudgetsSnapshot;
    try {
      snapshot = await this.source({ force });
    } catch (err) {
      snapshot = { connected: true, items: [], error: { message: err instanceof Error ? err.message : String(err) } };
    }
    this.last = snapshot;
    await vscode.commands.executeCommand('setContext', 'priceAtlas.awsConnected', snapshot.connected);
    await vscode.commands.executeCommand('setContext', 'priceAtlas.budgetsLoaded', true);
    if (!snapshot.connected) return [];
    const items = [...snapshot.items];
    if (snapshot.error) {
      // An AWS error message is the server's text: shown, never parsed as markdown.
      items.unshift({
        id: 'error',
        label: snapshot.error.message,
        description: snapshot.error.hint,
        tooltip: [snapshot.error.message, snapshot.error.hint]
          .filter(Boolean)
          .map((t) => md`${t}`)
          .join('\n\n'),
        icon: 'error',
      });
    }
    return items;
  }

  getTreeItem(item: BudgetItem): vscode.TreeItem {
    const tree = new vscode.TreeItem(item.label, item.children?.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    tree.id = `budget:${item.id}`;
    tree.description = item.description;
    if (item.tooltip) {
      const tooltip = new vscode.MarkdownString(item.tooltip);
      tooltip.isTrusted = false;
      tooltip.supportHtml = false;
      tree.tooltip = tooltip;
    }
    if (item.icon) tree.iconPath = ICONS[item.icon];
    return tree;
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
