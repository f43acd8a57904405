import { promises as fs } from 'node:fs';
import * as vscode from 'vscode';
import { urlFor } from '../../core/download/endpoint';
import { errorMessage } from '../../core/errors';
import { formatAge, formatBytes } from '../../core/format';
import { isVersionId, mirrorPath, otherVersionPath, versionFromPath, versionsDirOf, withFormat } from '../../core/mirror/layout';
import { readSidecars } from '../../core/download/sidecar';
import type { CatalogService } from '../downloads/catalog-service';
import type { DownloadManager } from '../downloads/download-manager';
import type { Locations } from '../downloads/locations';
import type { SettingsStore } from '../settings/settings';
import { inlineCode, md as markdownText } from '../markdown-text';
import type { OfferFormat } from '../../core/mirror/layout';

export type LocalState =
  | { kind: 'missing' }
  | { kind: 'downloaded'; version: string; size: number; downloadedAt: string }
  | { kind: 'stale'; localVersion: string; currentVersion: string }
  | { kind: 'downloading'; percent: number };

export interface ServiceNode {
  type: 'service';
  offerCode: string;
}

export interface RegionNode {
  type: 'region';
  offerCode: string;
  region: string;
  /** The current version's URL path, in the chosen format. */
  urlPath: string;
  url: string;
  file?: string;
  state: LocalState;
}

export interface MessageNode {
  type: 'message';
  text: string;
  detail?: string;
}

export type ServicesTreeNode = ServiceNode | RegionNode | MessageNode;

/**
 * The Services view: AWS's offer index, each service expandable to its regions with what is on
 * disk (not downloaded / version, size, age / changed upstream / downloading n%). Index files
 * are read when the view is first shown, never at activation.
 */
export class ServicesProvider implements vscode.TreeDataProvider<ServicesTreeNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<ServicesTreeNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly catalog: CatalogService,
    private readonly locations: Locations,
    private readonly settings: SettingsStore,
    private readonly downloads: DownloadManager,
  ) {
    this.subscriptions.push(downloads.onDidChange(() => this.emitter.fire(undefined)));
  }

  refresh(): void {
    this.emitter.fire(undefined);
  }

  async getChildren(node?: ServicesTreeNode): Promise<ServicesTreeNode[]> {
    if (!node) {
      try {
        const index = await this.catalog.offerIndex();
        return index.offers
          .map((o) => ({ type: 'service', offerCode: o.offerCode }) satisfies ServiceNode)
          .sort((a, b) => a.offerCode.localeCompare(b.offerCode));
      } catch (err) {
        return [
          {
            type: 'message',
            text: 'Could not read the service list',
            detail: `${errorMessage(err)} — check the priceAtlas.endpoint setting and the network, then Refresh.`,
          },
        ];
      }
    }
    if (node.type !== 'service') return [];
    try {
      const regions = await this.catalog.regionIndex(node.offerCode);
      const format = this.settings.get('format');
      const endpoint = this.catalog.endpoint();
      const mirror = this.locations.primaryDownloadDir();
      return await Promise.all(
        regions.regions.map(async (r): Promise<RegionNode> => {
          const urlPath = withFormat(r.url, format as OfferFormat);
          const file = mirror ? mirrorPath(mirror, urlPath) : undefined;
          return {
            type: 'region',
            offerCode: node.offerCode,
            region: r.regionCode,
            urlPath,
            url: urlFor(endpoint, urlPath),
            file,
            state: await this.stateOf(urlPath, file, mirror),
          };
        }),
      );
    } catch (err) {
      return [{ type: 'message', text: 'Could not read the regions', detail: errorMessage(err) }];
    }
  }

  private async stateOf(urlPath: string, file: string | undefined, mirror: string | undefined): Promise<LocalState> {
    const percent = this.downloads.activePercent(urlPath);
    if (percent !== undefined) return { kind: 'downloading', percent };
    if (!file || !mirror) return { kind: 'missing' };
    const meta = await readSidecars(file).catch(() => undefined);
    const current = versionFromPath(urlPath) ?? '';
    if (meta) return { kind: 'downloaded', version: meta.version ?? current, size: meta.size, downloadedAt: meta.downloadedAt };
    // Another version of the same region on disk: AWS has published a newer one since.
    for (const v of (await fs.readdir(versionsDirOf(file)).catch(() => [] as string[])).sort().reverse()) {
      if (v === current || !isVersionId(v)) continue;
      if (await readSidecars(otherVersionPath(file, v)).catch(() => undefined)) return { kind: 'stale', localVersion: v, currentVersion: current };
    }
    return { kind: 'missing' };
  }

  getTreeItem(node: ServicesTreeNode): vscode.TreeItem {
    if (node.type === 'message') {
      const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
      item.description = node.detail;
      item.tooltip = node.detail;
      item.iconPath = new vscode.ThemeIcon('warning');
      return item;
    }
    if (node.type === 'service') {
      const item = new vscode.TreeItem(node.offerCode, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `service:${node.offerCode}`;
      item.contextValue = 'service';
      item.iconPath = new vscode.ThemeIcon('package');
      return item;
    }
    const item = new vscode.TreeItem(node.region, vscode.TreeItemCollapsibleState.None);
    item.id = `region:${node.offerCode}:${node.region}`;
    const s = node.state;
    switch (s.kind) {
      case 'missing':
        item.description = 'not downloaded';
        item.iconPath = new vscode.ThemeIcon('circle-outline');
        item.contextValue = 'region.missing';
        break;
      case 'downloaded':
        item.description = `${s.version} · ${formatBytes(s.size)} · ${formatAge(Date.now() - Date.parse(s.downloadedAt))}`;
        item.iconPath = new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed'));
        item.contextValue = 'region.downloaded';
        break;
      case 'stale':
        item.description = `changed upstream (have ${s.localVersion}, current ${s.currentVersion})`;
        item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
        item.contextValue = 'region.stale';
        break;
      case 'downloading':
        item.description = `downloading ${s.percent}%`;
        item.iconPath = new vscode.ThemeIcon('sync~spin');
        item.contextValue = 'region.downloading';
        break;
    }
    // Offer and region codes come from the endpoint, the version from a sidecar on disk: text only.
    const md = new vscode.MarkdownString(markdownText`**${node.offerCode}** · ${node.region}\n\n${String(item.description)}\n\n${inlineCode(node.urlPath)}`);
    md.isTrusted = false;
    md.supportHtml = false;
    item.tooltip = md;
    return item;
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
    this.emitter.dispose();
  }
}
