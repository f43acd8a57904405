/** Download, index and cancel, and where the results are: the Services view's title-bar and palette commands. */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { defaultMetricsDirName } from '../../core/mirror/layout';
import type { OfferFormat } from '../../core/mirror/layout';
import { indexedOfferCodes } from '../../core/prices/price-types';
import type { ExtensionServices } from '../extension-services';
import { downloadRefusedUntrusted, manageTrust } from '../settings/workspace-trust';
import type { ServicesTreeNode } from '../views/services-view';
import type { CommandFactory } from './command-context';

/** Arguments a command accepts instead of asking (scripts, keybindings, hover links, tests). */
export interface DownloadArgs {
  services?: string[];
  regions?: string[];
  format?: OfferFormat;
  folder?: string;
}

function untrustedWarning(): void {
  void vscode.window.showWarningMessage(downloadRefusedUntrusted, manageTrust).then((c) => {
    if (c) void vscode.commands.executeCommand('workbench.trust.manage');
  });
}

async function pickDownload(s: ExtensionServices, given: DownloadArgs): Promise<DownloadArgs | undefined> {
  let services = given.services;
  if (!services) {
    const index = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Price Atlas: reading the service list' }, () =>
      s.catalog.offerIndex(),
    );
    const items = index.offers
      .map((o) => ({
        label: o.offerCode,
        picked: o.offerCode === 'AmazonEC2',
        description: indexedOfferCodes[o.offerCode] ? `priced in the editor: ${indexedOfferCodes[o.offerCode]}` : undefined,
      }))
      // What the index reads first, so the cost model's services are one glance away.
      .sort((a, b) => Number(!a.description) - Number(!b.description) || a.label.localeCompare(b.label));
    const chosen = await vscode.window.showQuickPick(items, {
      canPickMany: true,
      title: 'Download price lists (1/3): services',
      placeHolder: 'Pick one or more services',
    });
    if (!chosen || chosen.length === 0) return undefined;
    services = chosen.map((c) => c.label);
  }
  let regions = given.regions;
  if (!regions) {
    const lists = await Promise.all(
      services.map((code) =>
        s.catalog.regionIndex(code).then(
          (r) => r.regions.map((x) => x.regionCode),
          () => [] as string[],
        ),
      ),
    );
    const all = [...new Set(lists.flat())].sort();
    const preferred = await s.prices.resolveRegion();
    const items: (vscode.QuickPickItem & { region?: string })[] = [
      { label: '$(globe) Whole offer files (every region in one file)', description: 'large: the EC2 file is several GB' },
      ...all.map((r) => ({ label: r, region: r, picked: r === preferred })),
    ];
    const chosen = await vscode.window.showQuickPick(items, {
      canPickMany: true,
      title: 'Download price lists (2/3): regions',
      placeHolder: 'Pick regions (their Savings Plans files come too)',
    });
    if (!chosen || chosen.length === 0) return undefined;
    regions = chosen.some((c) => !c.region) ? [] : chosen.map((c) => c.region!);
  }
  let format = given.format;
  if (!format) {
    const setting = s.settings.get('format');
    const picked = await vscode.window.showQuickPick(
      [
        { label: 'json', description: setting === 'json' ? 'from settings' : '' },
        { label: 'csv', description: setting === 'csv' ? 'from settings' : '' },
      ].sort((a) => (a.label === setting ? -1 : 1)),
      { title: 'Download price lists (3/3): format' },
    );
    if (!picked) return undefined;
    format = picked.label as OfferFormat;
  }
  return { services, regions, format, folder: given.folder };
}

async function download(s: ExtensionServices, given: DownloadArgs = {}): Promise<unknown> {
  if (!vscode.workspace.isTrusted) return untrustedWarning();
  const folder = await s.locations.pickFolder(given.folder);
  if (!folder) {
    void vscode.window.showWarningMessage('Price Atlas: open a folder first; price lists are downloaded into it.');
    return undefined;
  }
  const request = await pickDownload(s, given);
  if (!request) return undefined;
  return s.downloads.start({ services: request.services!, regions: request.regions!, format: request.format!, folder });
}

export const downloadPriceLists: CommandFactory =
  ({ s }) =>
  (args) =>
    download(s, (args as DownloadArgs | undefined) ?? {});

/** From a Services view item: a region downloads that file, a service asks which regions. */
export const downloadItem: CommandFactory =
  ({ s }) =>
  (arg) => {
    const node = arg as ServicesTreeNode | undefined;
    if (node?.type === 'region') return download(s, { services: [node.offerCode], regions: [node.region], format: s.settings.get('format') });
    if (node?.type === 'service') return download(s, { services: [node.offerCode] });
    return download(s);
  };

export const buildIndex: CommandFactory =
  ({ s }) =>
  () =>
    s.downloads.rebuildIndex();

export const cancelDownloads: CommandFactory =
  ({ s }) =>
  () => {
    if (!s.downloads.cancel()) void vscode.window.showInformationMessage('Price Atlas: no download is running.');
  };

/** Says what is missing, with the button that brings it. */
function offerDownload(message = 'Price Atlas: nothing downloaded yet.'): void {
  void vscode.window.showInformationMessage(message, 'Download Price Lists').then((c) => c && vscode.commands.executeCommand('priceAtlas.downloadPriceLists'));
}

export const showMetrics: CommandFactory =
  ({ s }) =>
  async () => {
    for (const file of s.locations.allDownloadDirs().map((d) => path.join(d, defaultMetricsDirName, 'latest.json'))) {
      if (
        await fs.stat(file).then(
          () => true,
          () => false,
        )
      ) {
        await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: true });
        return file;
      }
    }
    return offerDownload('Price Atlas: no download metrics yet; they are written after each download.');
  };

export const openDownloadFolder: CommandFactory =
  ({ s }) =>
  async () => {
    const dir = s.locations.primaryDownloadDir();
    if (
      !dir ||
      !(await fs.stat(dir).then(
        () => true,
        () => false,
      ))
    )
      return offerDownload();
    await vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(dir));
    return dir;
  };
