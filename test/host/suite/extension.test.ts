import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PriceAtlasApi } from '../../../src/extension';
import type { GroupNode, PriceNode, PricesTreeNode } from '../../../src/ui/views/prices-view';
import type { RegionNode, ServicesTreeNode } from '../../../src/ui/views/services-view';
import { extensionApi, extensionId, filesUnder } from '../extension-api';

// Runs inside a real VS Code extension host (code-server), against the local bulk-pricing
// server the driver started (PRICE_ATLAS_ENDPOINT) and a fresh workspace folder.

function workspaceDir(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  return folder.uri.fsPath;
}

async function control(route: string, body: unknown = {}): Promise<void> {
  const base = process.env.PRICE_ATLAS_TEST_CONTROL;
  assert.ok(base, 'the driver passes PRICE_ATLAS_TEST_CONTROL');
  const res = await fetch(`${base}${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  assert.equal(res.status, 200, `control ${route}`);
}

async function regionNodes(a: PriceAtlasApi, offerCode: string): Promise<RegionNode[]> {
  const services = a.services.services;
  const roots = await services.getChildren();
  const node = roots.find((n) => n.type === 'service' && n.offerCode === offerCode);
  assert.ok(node, `${offerCode} is listed`);
  return (await services.getChildren(node)).filter((n): n is RegionNode => n.type === 'region');
}

async function priceRows(a: PriceAtlasApi): Promise<PriceNode[]> {
  const groups = (await a.services.prices.getChildren()).filter((n): n is GroupNode => n.type === 'group');
  const rows: PricesTreeNode[] = [];
  for (const g of groups) rows.push(...(await a.services.prices.getChildren(g)));
  return rows.filter((n): n is PriceNode => n.type === 'price');
}

/** us-east-1's EC2 prices downloaded and indexed: what several tests act on (a cache hit when a test before did it), so each can run alone. */
async function ensureUsEast1(): Promise<void> {
  const outcome = (await vscode.commands.executeCommand('priceAtlas.downloadPriceLists', {
    services: ['AmazonEC2'],
    regions: ['us-east-1'],
    format: 'json',
  })) as { result: { ok: boolean } };
  assert.ok(outcome.result.ok, 'us-east-1 downloaded');
}

describe('Price Atlas in a real VS Code host', () => {
  before(async () => {
    await extensionApi();
  });

  it('activates without touching the network, and reports what activation cost', async () => {
    const a = await extensionApi();
    // Activation measures itself (the bench reads these): two positive, finite durations.
    for (const ms of [a.activation.loadMs, a.activation.activateMs]) assert.ok(Number.isFinite(ms) && ms > 0, JSON.stringify(a.activation));
    assert.equal(a.services.downloads.isRunning, false);
    // Nothing was read from the endpoint yet: the catalog has no source until a view asks.
    assert.equal(a.services.catalog.lastSource, '');
  });

  it('contributes its commands, views and settings', async () => {
    const pkg = JSON.parse(readFileSync(path.join(vscode.extensions.getExtension(extensionId)!.extensionPath, 'package.json'), 'utf8')) as {
      contributes: { commands: { command: string }[]; views: Record<string, { id: string }[]> };
    };
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const { command } of pkg.contributes.commands) assert.ok(registered.has(command), `${command} is registered`);
    // And the other way: the one command table holds nothing package.json does not contribute (a view's own
    // commands, `<view id>.focus` and the like, come from VS Code).
    const viewIds = pkg.contributes.views.priceAtlas.map((v) => v.id);
    const contributed = new Set(pkg.contributes.commands.map((c) => c.command));
    const ours = [...registered].filter((id) => id.startsWith('priceAtlas.') && !viewIds.some((v) => id.startsWith(`${v}.`)));
    assert.deepEqual(
      ours.filter((id) => !contributed.has(id)),
      [],
    );
    assert.equal(ours.length, contributed.size);
    assert.deepEqual(
      pkg.contributes.views.priceAtlas.map((v) => v.id),
      ['priceAtlas.services', 'priceAtlas.instancePrices', 'priceAtlas.budgets'],
    );
    await vscode.commands.executeCommand('workbench.view.extension.priceAtlas');
  });

  it('Services view lists the offers and regions from the endpoint, with local state', async () => {
    const a = await extensionApi();
    const roots = (await a.services.services.getChildren()) as ServicesTreeNode[];
    assert.ok(roots.length >= 3, `offers: ${roots.length}`);
    assert.ok(roots.every((n) => n.type === 'service'));
    const regions = await regionNodes(a, 'AmazonEC2');
    assert.deepEqual(regions.map((r) => r.region).sort(), ['eu-west-1', 'us-east-1']);
    assert.ok(regions.every((r) => r.state.kind === 'missing'));
    const item = a.services.services.getTreeItem(regions[0]);
    assert.equal(item.description, 'not downloaded');
    assert.equal(item.contextValue, 'region.missing');
  });

  it('Instance Prices is empty before anything is downloaded (its welcome content shows)', async () => {
    const a = await extensionApi();
    assert.deepEqual(await a.services.prices.getChildren(), []);
  });

  it('Budgets view: budgets with limit, actual, forecast, percent and threshold icons, past periods, costs by service', async () => {
    const a = await extensionApi();
    const items = await a.services.budgets.getChildren();
    assert.equal(a.services.budgets.last?.connected, true, JSON.stringify(a.services.budgets.last?.error));
    assert.match(items[0].label, /^Account \d{12}$/);
    const monthly = items.find((i) => i.label === 'Monthly total');
    assert.ok(monthly, items.map((i) => i.label).join(', '));
    assert.match(monthly.description ?? '', /^\$523\.46 of \$1000\.00 \(52%\) · forecast \$981\.25$/);
    assert.equal(monthly.icon, 'pass');
    assert.equal(items.find((i) => i.label === 'Data transfer')?.icon, 'error');
    assert.equal(items.find((i) => i.label === 'EC2 compute')?.icon, 'warning');
    assert.ok((monthly.children ?? []).length > 0, 'past periods');
    const costs = items.find((i) => i.id === 'costs');
    assert.ok(costs && /^Month to date: \$\d+\.\d{2}/.test(costs.label), JSON.stringify(costs));
    assert.ok((costs.children ?? []).length > 0, 'costs by service');
    assert.ok(items.some((i) => /^End-of-month forecast: \$\d+/.test(i.label)));

    // Cost Explorer charges per request: a second look is served from the cache, a refresh asks again.
    const again = await a.services.budgets.getChildren();
    assert.match(again.find((i) => i.id === 'costs')?.description ?? '', /^cached/);
    await vscode.commands.executeCommand('priceAtlas.refreshBudgets');
    const forced = await a.services.budgets.getChildren();
    assert.match(forced.find((i) => i.id === 'costs')?.description ?? '', /^fetched · \d+ Cost Explorer request/);
  });

  it('Budgets view without usable credentials: nothing listed, the welcome content explains how to connect', async () => {
    const a = await extensionApi();
    assert.equal(await vscode.commands.executeCommand('priceAtlas.selectProfile', 'no-such-profile'), 'no-such-profile');
    try {
      assert.deepEqual(await a.services.budgets.getChildren(), []);
      assert.equal(a.services.budgets.last?.connected, false);
      assert.match(a.services.budgets.last?.error?.message ?? '', /no-such-profile/);
    } finally {
      await vscode.commands.executeCommand('priceAtlas.selectProfile', '');
    }
    assert.equal(a.services.settings.get('aws.profile'), '');
  });

  it('downloads from the palette command: files in the workspace, progress, index in workspace storage, views refreshed', async () => {
    const a = await extensionApi();
    let progressEvents = 0;
    const sub = a.services.downloads.onDidChange(() => {
      if (a.services.downloads.progress) progressEvents++;
    });
    const outcome = (await vscode.commands.executeCommand('priceAtlas.downloadPriceLists', {
      services: ['AmazonEC2'],
      regions: ['us-east-1'],
      format: 'json',
    })) as {
      result?: { ok: boolean; files: { status: string }[] };
      index?: { results: unknown[]; failures: unknown[] };
    };
    sub.dispose();
    assert.ok(outcome?.result?.ok, JSON.stringify(outcome));
    assert.ok(progressEvents > 0, 'progress was reported');
    const mirror = path.join(workspaceDir(), '.aws-pricing');
    const files = filesUnder(mirror).map((f) => path.relative(mirror, f));
    assert.ok(
      files.some((f) => /^offers\/v1\.0\/aws\/AmazonEC2\/\d{14}\/us-east-1\/index\.json$/.test(f)),
      files.join('\n'),
    );
    assert.ok(
      files.some((f) => /^savingsPlan\/.*\/us-east-1\/index\.json$/.test(f)),
      'Savings Plans file for the region',
    );
    assert.ok(files.some((f) => f.endsWith('.sha256')));
    assert.ok(files.some((f) => f === path.join('.metrics', 'latest.json')));

    // The pricing cache lives in workspace storage, not in the workspace.
    assert.equal(outcome.index?.failures.length, 0);
    const store = a.services.locations.storeDir;
    const storage = a.services.context.storageUri?.fsPath;
    assert.ok(storage && store.startsWith(storage), `${store} is under ${storage}`);
    assert.ok(filesUnder(store).some((f) => f.endsWith(path.join('us-east-1', 'AmazonEC2.idx'))));
    assert.ok(!filesUnder(workspaceDir()).some((f) => f.endsWith('.idx')));

    await a.services.prices.setRegion('us-east-1');
    const rows = await priceRows(a);
    const m5 = rows.find((r) => r.record.size === 'm5.large');
    assert.ok(m5, 'm5.large is listed');
    const item = a.services.prices.getTreeItem(m5);
    assert.equal(item.label, 'm5.large — $0.0960/h · 2 vCPU · 8 GiB');
    const tooltip = (item.tooltip as vscode.MarkdownString).value;
    assert.match(tooltip, /On-Demand \*\*\$0\.0960\/h\*\* · \$70\.08\/month \(730 h\)/);
    assert.match(tooltip, /\| 3yr \| standard \| All Upfront \|/);
    assert.match(tooltip, /\| Compute \| 1yr \| No Upfront \|/);

    const regions = await regionNodes(a, 'AmazonEC2');
    const east = regions.find((r) => r.region === 'us-east-1')!;
    assert.equal(east.state.kind, 'downloaded');
    assert.equal(a.services.services.getTreeItem(east).contextValue, 'region.downloaded');
  });

  it('a second download is a cache hit (304) and keeps the files', async () => {
    // The first download (fresh, or already done by the test before): this test does not rely on which.
    const first = (await vscode.commands.executeCommand('priceAtlas.downloadPriceLists', {
      services: ['AmazonEC2'],
      regions: ['us-east-1'],
      format: 'json',
    })) as { result: { ok: boolean } };
    assert.ok(first.result.ok);
    const outcome = (await vscode.commands.executeCommand('priceAtlas.downloadPriceLists', {
      services: ['AmazonEC2'],
      regions: ['us-east-1'],
      format: 'json',
    })) as { result: { files: { status: string }[] } };
    assert.ok(outcome.result.files.length > 0);
    assert.ok(
      outcome.result.files.every((f) => f.status === 'cached'),
      JSON.stringify(outcome.result.files.map((f) => f.status)),
    );
  });

  it('cancels a running download: no partial file, good files kept', async () => {
    const a = await extensionApi();
    await ensureUsEast1();
    const regions = await regionNodes(a, 'AmazonEC2');
    const west = regions.find((r) => r.region === 'eu-west-1')!;
    await control('/faults', { path: west.urlPath, fault: { kind: 'trickle', bytesPerTick: 1024, intervalMs: 50 } });
    try {
      const running = vscode.commands.executeCommand('priceAtlas.downloadPriceLists', {
        services: ['AmazonEC2'],
        regions: ['eu-west-1'],
        format: 'json',
      }) as Thenable<{ result?: { cancelled: boolean } }>;
      const started = Date.now();
      while (!a.services.downloads.progress?.active.includes(west.urlPath) && Date.now() - started < 20_000) await new Promise((r) => setTimeout(r, 50));
      assert.ok(a.services.downloads.isRunning);
      await vscode.commands.executeCommand('priceAtlas.cancelDownloads');
      const outcome = await running;
      assert.equal(outcome.result?.cancelled, true);
    } finally {
      await control('/clear');
    }
    const mirror = path.join(workspaceDir(), '.aws-pricing');
    const files = filesUnder(mirror);
    assert.deepEqual(
      files.filter((f) => f.endsWith('.part')),
      [],
    );
    assert.ok(!existsSync(west.file!), 'the cancelled file was not created');
    assert.ok(
      files.some((f) => f.includes(`${path.sep}us-east-1${path.sep}index.json`)),
      'the earlier download is intact',
    );
  });

  it('runs every command non-interactively', async () => {
    const a = await extensionApi();
    await ensureUsEast1();
    await vscode.commands.executeCommand('priceAtlas.buildIndex');
    await vscode.commands.executeCommand('priceAtlas.refresh');
    assert.equal(await vscode.commands.executeCommand('priceAtlas.selectRegion', 'us-east-1'), 'us-east-1');
    assert.equal(await vscode.commands.executeCommand('priceAtlas.filterPrices', 'm5'), 'm5');
    const filtered = await priceRows(a);
    assert.ok(filtered.length > 0 && filtered.every((r) => r.record.size.includes('m5') || (r.record.specs.family ?? '').toLowerCase().includes('m5')));
    await vscode.commands.executeCommand('priceAtlas.clearPriceFilter');
    assert.equal(a.services.prices.filter, '');
    assert.equal(await vscode.commands.executeCommand('priceAtlas.sortPrices', 'vcpu'), 'vcpu');
    const rows = await vscode.commands.executeCommand<string[][]>('priceAtlas.compareSelected', ['m5.large', 't3.micro']);
    assert.deepEqual(rows[0], ['', 'm5.large', 't3.micro']);
    assert.deepEqual(
      rows.find((r) => r[0] === 'On-Demand hourly'),
      ['On-Demand hourly', '$0.0960', '$0.0104'],
    );
    const stats = await vscode.commands.executeCommand<{ entries: number; regions: unknown[] }>('priceAtlas.showCacheStatistics');
    assert.ok(stats.entries > 0);
    assert.ok(String(await vscode.commands.executeCommand('priceAtlas.showMetrics')).endsWith('latest.json'));
    assert.ok(String(await vscode.commands.executeCommand('priceAtlas.openDownloadFolder')).endsWith('.aws-pricing'));
    await vscode.commands.executeCommand('priceAtlas.showLog');
    await vscode.commands.executeCommand('priceAtlas.cancelDownloads');
    await vscode.commands.executeCommand('priceAtlas.refreshBudgets');

    const east = (await regionNodes(a, 'AmazonEC2')).find((r) => r.region === 'us-east-1')!;
    assert.equal(await vscode.commands.executeCommand('priceAtlas.copyUrl', east), east.url);
    assert.equal(await vscode.env.clipboard.readText(), east.url);
    assert.equal(await vscode.commands.executeCommand('priceAtlas.verifyIntegrity', east), true);
    assert.equal(await vscode.commands.executeCommand('priceAtlas.revealInExplorer', east), east.file);
    assert.equal(await vscode.commands.executeCommand('priceAtlas.openFile', east), east.file);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');

    assert.equal(await vscode.commands.executeCommand('priceAtlas.clearCache', { confirm: true }), true);
    assert.deepEqual(await a.services.prices.getChildren(), []);
    const rebuilt = await vscode.commands.executeCommand<{ results: unknown[] }>('priceAtlas.buildIndex');
    assert.ok(rebuilt.results.length >= 2);
    assert.ok((await priceRows(a)).length > 0);
    const again = await vscode.commands.executeCommand<{ result: { files: unknown[] } }>('priceAtlas.downloadItem', east);
    assert.ok(again.result.files.length > 0);
    // A command shows its own error and resolves: the failures it records are how a test sees one.
    const failures = (): { command: string; message: string }[] => [...a.services.commandFailures];
    assert.deepEqual(failures(), [], 'every command above ran without an error');
    await vscode.commands.executeCommand('priceAtlas.selectRegion', 'not a region');
    assert.deepEqual(
      failures().map((f) => f.command),
      ['priceAtlas.selectRegion'],
      'and the check can fail',
    );
    assert.match(failures()[0]!.message, /not a region code/);
    a.services.commandFailures.length = 0;
  });

  it('picks up settings changes without a reload, and falls back from bad values', async () => {
    const a = await extensionApi();
    await ensureUsEast1();
    const config = vscode.workspace.getConfiguration('priceAtlas');
    await a.services.prices.setRegion(undefined);
    try {
      await config.update('defaultRegion', 'eu-west-1', vscode.ConfigurationTarget.Workspace);
      assert.equal(a.services.settings.get('defaultRegion'), 'eu-west-1');
      assert.equal(a.services.prices.region, 'eu-west-1');

      await config.update('hoursPerMonth', 720, vscode.ConfigurationTarget.Workspace);
      await a.services.prices.setRegion('us-east-1');
      const m5 = (await priceRows(a)).find((r) => r.record.size === 'm5.large')!;
      assert.match((a.services.prices.getTreeItem(m5).tooltip as vscode.MarkdownString).value, /\$69\.12\/month \(720 h\)/);

      await config.update('concurrency', -3, vscode.ConfigurationTarget.Workspace);
      assert.equal(a.services.settings.get('concurrency'), 8);
    } finally {
      for (const key of ['defaultRegion', 'hoursPerMonth', 'concurrency']) await config.update(key, undefined, vscode.ConfigurationTarget.Workspace);
    }
    assert.equal(a.services.settings.get('hoursPerMonth'), 730);
  });
});
