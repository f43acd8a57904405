import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { registerCommand } from './register-command';
import { formatAge, formatBytes } from '../../core/format';
import { isRegionCode } from '../../core/regions';
import { createSha256Pool } from '../../core/download/sha256-pool';
import { readSidecars } from '../../core/download/sidecar';
import { lazy } from '../lazy';
import { downloadRefusedUntrusted, manageTrust } from '../settings/workspace-trust';
import type { ExtensionServices } from '../extension-services';
import type { PriceNode, PriceSort } from '../views/prices-view';
import { priceSorts } from '../views/prices-view';
import type { RegionNode, ServicesTreeNode } from '../views/services-view';
import { defaultMetricsDirName } from '../../core/mirror/layout';
import { indexedOfferCodes } from '../../core/prices/price-types';
import { storeFolder } from '../../core/prices/store-layout';
import type { OfferFormat } from '../../core/mirror/layout';

/** Arguments a command accepts instead of asking (scripts, keybindings, tests). */
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
    const index = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Price Atlas: reading the service list' }, () => s.catalog.offerIndex());
    const items = index.offers
      .map((o) => ({ label: o.offerCode, picked: o.offerCode === 'AmazonEC2', description: indexedOfferCodes[o.offerCode] ? `priced in the editor: ${indexedOfferCodes[o.offerCode]}` : undefined }))
      // What the index reads first, so the cost model's services are one glance away.
      .sort((a, b) => Number(!a.description) - Number(!b.description) || a.label.localeCompare(b.label));
    const chosen = await vscode.window.showQuickPick(items, { canPickMany: true, title: 'Download price lists (1/3): services', placeHolder: 'Pick one or more services' });
    if (!chosen || chosen.length === 0) return undefined;
    services = chosen.map((c) => c.label);
  }
  let regions = given.regions;
  if (!regions) {
    const lists = await Promise.all(services.map((code) => s.catalog.regionIndex(code).then((r) => r.regions.map((x) => x.regionCode), () => [] as string[])));
    const all = [...new Set(lists.flat())].sort();
    const preferred = await s.prices.resolveRegion();
    const items: (vscode.QuickPickItem & { region?: string })[] = [
      { label: '$(globe) Whole offer files (every region in one file)', description: 'large: the EC2 file is several GB' },
      ...all.map((r) => ({ label: r, region: r, picked: r === preferred })),
    ];
    const chosen = await vscode.window.showQuickPick(items, { canPickMany: true, title: 'Download price lists (2/3): regions', placeHolder: 'Pick regions (their Savings Plans files come too)' });
    if (!chosen || chosen.length === 0) return undefined;
    regions = chosen.some((c) => !c.region) ? [] : chosen.map((c) => c.region!);
  }
  let format = given.format;
  if (!format) {
    const setting = s.settings.get('format') as OfferFormat;
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

function regionNodeFrom(arg: unknown): RegionNode | undefined {
  const node = arg as ServicesTreeNode | undefined;
  return node && node.type === 'region' ? node : undefined;
}

/** Every command, registered in one place; the returned disposables belong to the extension. */
export function registerCommands(s: ExtensionServices): vscode.Disposable[] {
  const reg = (id: string, run: (...args: unknown[]) => unknown): vscode.Disposable => registerCommand(s, id, run);

  const download = async (given: DownloadArgs = {}): Promise<unknown> => {
    if (!vscode.workspace.isTrusted) return untrustedWarning();
    const folder = await s.locations.pickFolder(given.folder);
    if (!folder) {
      void vscode.window.showWarningMessage('Price Atlas: open a folder first; price lists are downloaded into it.');
      return undefined;
    }
    const request = await pickDownload(s, given);
    if (!request) return undefined;
    return s.downloads.start({ services: request.services!, regions: request.regions!, format: request.format!, folder });
  };

  return [
    reg('priceAtlas.downloadPriceLists', (args) => download((args as DownloadArgs | undefined) ?? {})),
    reg('priceAtlas.downloadItem', (arg) => {
      const node = arg as ServicesTreeNode | undefined;
      if (node?.type === 'region') return download({ services: [node.offerCode], regions: [node.region], format: s.settings.get('format') as OfferFormat });
      if (node?.type === 'service') return download({ services: [node.offerCode] });
      return download();
    }),
    reg('priceAtlas.refresh', () => {
      s.catalog.reset();
      s.index().clear();
      s.services.refresh();
      s.prices.refresh();
      s.budgets.refresh(false);
    }),
    reg('priceAtlas.selectRegion', async (arg) => {
      let region = typeof arg === 'string' ? arg : undefined;
      if (!region) {
        const now = await s.prices.resolveRegion();
        const indexed = await s.index().regions();
        const items = indexed.map((r) => ({ label: r, description: 'prices indexed' }));
        const other = { label: '$(edit) Another region…', description: '' };
        const picked = await vscode.window.showQuickPick([...items, other], { title: 'Instance Prices: region', placeHolder: `Now: ${now}` });
        if (!picked) return undefined;
        region = picked === other ? await vscode.window.showInputBox({ prompt: 'Region code', value: now, validateInput: (v) => (isRegionCode(v.trim()) ? undefined : 'A region code such as us-east-1') }) : picked.label;
      }
      if (!region) return undefined;
      if (!isRegionCode(region)) throw new Error(`${region} is not a region code`);
      await s.prices.setRegion(region);
      return region;
    }),
    reg('priceAtlas.buildIndex', () => s.downloads.rebuildIndex()),
    reg('priceAtlas.cancelDownloads', () => {
      if (!s.downloads.cancel()) void vscode.window.showInformationMessage('Price Atlas: no download is running.');
    }),
    reg('priceAtlas.showMetrics', async () => {
      const dirs = s.locations.allDownloadDirs().map((d) => path.join(d, defaultMetricsDirName, 'latest.json'));
      for (const file of dirs) {
        if (await fs.stat(file).then(() => true, () => false)) {
          await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: true });
          return file;
        }
      }
      void vscode.window.showInformationMessage('Price Atlas: no download metrics yet; they are written after each download.', 'Download Price Lists').then((c) => c && vscode.commands.executeCommand('priceAtlas.downloadPriceLists'));
      return undefined;
    }),
    reg('priceAtlas.openDownloadFolder', async () => {
      const dir = s.locations.primaryDownloadDir();
      if (!dir || !(await fs.stat(dir).then(() => true, () => false))) {
        void vscode.window.showInformationMessage('Price Atlas: nothing downloaded yet.', 'Download Price Lists').then((c) => c && vscode.commands.executeCommand('priceAtlas.downloadPriceLists'));
        return undefined;
      }
      await vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(dir));
      return dir;
    }),
    reg('priceAtlas.clearCache', async (arg) => {
      const confirmed = (arg as { confirm?: boolean } | undefined)?.confirm ?? (await vscode.window.showWarningMessage('Delete the pricing cache? Downloaded files stay; the cache is rebuilt from them with "Build Price Index".', { modal: true }, 'Delete')) === 'Delete';
      if (!confirmed) return false;
      await fs.rm(path.join(s.locations.storeDir, storeFolder), { recursive: true, force: true });
      s.index().clear();
      s.prices.refresh();
      void vscode.window.showInformationMessage('Price Atlas: pricing cache cleared.');
      return true;
    }),
    reg('priceAtlas.showCacheStatistics', async () => {
      const stats = await s.index().storeStats();
      const lines = [
        `# Price Atlas pricing cache`,
        '',
        `Location: \`${s.locations.storeDir}\``,
        '',
        `${stats.regions.length} regions · ${stats.entries} entries · ${formatBytes(stats.bytes)} · ${stats.hits} hits · ${stats.misses} misses (this session) · TTL ${s.settings.get('cacheTtlHours')} h`,
        '',
        '| region | offer | version | published | built | entries | size |',
        '|---|---|---|---|---|---:|---:|',
        ...stats.regions.flatMap((r) => r.parts.map((p) => `| ${r.region} | ${p.offerCode} | ${p.version} | ${p.publicationDate} | ${formatAge(p.ageMs)} | ${p.entries} | ${formatBytes(p.bytes)} |`)),
      ];
      const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: lines.join('\n') });
      await vscode.window.showTextDocument(doc, { preview: true });
      return stats;
    }),
    reg('priceAtlas.showLog', () => s.log.show()),
    reg('priceAtlas.filterPrices', async (arg) => {
      const text = typeof arg === 'string' ? arg : await vscode.window.showInputBox({ prompt: 'Show sizes containing (e.g. m7g, xlarge, memory)', value: s.prices.filter });
      if (text === undefined) return undefined;
      s.prices.setFilter(text);
      return text;
    }),
    reg('priceAtlas.clearPriceFilter', () => s.prices.setFilter('')),
    reg('priceAtlas.sortPrices', async (arg) => {
      let sort = typeof arg === 'string' ? (arg as PriceSort) : undefined;
      if (!sort) {
        const picked = await vscode.window.showQuickPick(priceSorts.map((x) => ({ label: x.label, id: x.id, description: x.id === s.prices.sort ? 'current' : '' })), { title: 'Sort Instance Prices by' });
        sort = picked?.id;
      }
      if (!sort) return undefined;
      if (!priceSorts.some((x) => x.id === sort)) throw new Error(`unknown sort ${sort}`);
      await s.prices.setSort(sort);
      return sort;
    }),
    reg('priceAtlas.compareSelected', async (item, selected) => {
      let nodes = (Array.isArray(selected) ? selected : item ? [item] : []) as PriceNode[];
      const region = await s.prices.resolveRegion();
      if (Array.isArray(item) && typeof item[0] === 'string') {
        // compareSelected(['m5.large', 'm7g.large']) from the palette or a script.
        const found = await Promise.all((item as string[]).map((size) => s.index().lookup(size, region)));
        nodes = found.filter((r) => r !== undefined).map((record) => ({ type: 'price', record }));
      }
      let records = nodes.filter((n) => n?.type === 'price').map((n) => n.record);
      if (records.length === 0) {
        const all = await s.index().records(region, { kind: 'ec2' });
        if (all.length === 0) throw Object.assign(new Error(`no prices for ${region} yet`), { hint: 'download and index the region first (Price Atlas: Download Price Lists)' });
        const picked = await vscode.window.showQuickPick(all.map((r) => ({ label: r.size, record: r })), { canPickMany: true, title: `Compare sizes in ${region}` });
        records = (picked ?? []).map((p) => p.record);
      }
      if (records.length === 0) return undefined;
      s.compare.show(records, s.settings.get('hoursPerMonth'));
      return s.compare.lastRows;
    }),
    reg('priceAtlas.openFile', async (arg) => {
      const node = regionNodeFrom(arg);
      if (!node?.file) return undefined;
      await vscode.window.showTextDocument(vscode.Uri.file(node.file), { preview: true });
      return node.file;
    }),
    reg('priceAtlas.revealInExplorer', async (arg) => {
      const node = regionNodeFrom(arg);
      if (!node?.file) return undefined;
      await vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(node.file));
      return node.file;
    }),
    reg('priceAtlas.copyUrl', async (arg) => {
      const node = regionNodeFrom(arg);
      if (!node) return undefined;
      await vscode.env.clipboard.writeText(node.url);
      return node.url;
    }),
    reg('priceAtlas.verifyIntegrity', async (arg) => {
      const node = regionNodeFrom(arg);
      if (!node?.file) return undefined;
      const meta = await readSidecars(node.file);
      if (!meta) {
        void vscode.window.showWarningMessage(`Price Atlas: ${path.basename(node.file)} has no sidecar; download it again to verify it.`);
        return false;
      }
      const pool = createSha256Pool();
      try {
        const actual = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Price Atlas: verifying ${node.offerCode} ${node.region}` }, () => pool.hashFile(node.file!));
        const ok = actual === meta.sha256;
        if (ok) void vscode.window.showInformationMessage(`Price Atlas: ${node.offerCode} ${node.region} matches its SHA-256 sidecar.`);
        else void vscode.window.showErrorMessage(`Price Atlas: ${node.offerCode} ${node.region} does not match its sidecar (changed on disk).`, 'Download Again').then((c) => c && vscode.commands.executeCommand('priceAtlas.downloadItem', node));
        return ok;
      } finally {
        await pool.close();
      }
    }),
    reg('priceAtlas.refreshBudgets', () => s.budgets.refresh(true)),
    reg('priceAtlas.selectProfile', async (arg) => {
      let profile = typeof arg === 'string' ? arg : undefined;
      if (profile === undefined) {
        const { awsProfiles } = lazy<typeof import('../bundles/aws')>('aws.js')();
        const profiles = await awsProfiles();
        const items = [{ label: '$(key) Default credential chain', description: 'AWS_PROFILE, environment, SSO, instance role', name: '' }, ...profiles.map((p) => ({ label: p.name, description: [p.kind, p.region].filter(Boolean).join(' · '), name: p.name }))];
        const picked = await vscode.window.showQuickPick(items, { title: 'AWS profile for budgets and costs', placeHolder: profiles.length === 0 ? 'No profiles in ~/.aws/config or ~/.aws/credentials' : undefined });
        if (!picked) return undefined;
        profile = picked.name;
      }
      await vscode.workspace.getConfiguration('priceAtlas').update('aws.profile', profile, vscode.ConfigurationTarget.Global);
      s.budgets.refresh(false);
      return profile;
    }),
  ];
}
