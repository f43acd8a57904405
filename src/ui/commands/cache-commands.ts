/** The pricing cache (the index in workspace storage), and Refresh of everything read from it. */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { formatAge, formatBytes } from '../../core/format';
import { storeFolder } from '../../core/prices/store-layout';
import type { CommandFactory } from './command-context';

/** Forgets what was read (the offer index, the loaded parts) and redraws every view. */
export const refresh: CommandFactory =
  ({ s }) =>
  () => {
    s.catalog.reset();
    s.index().clear();
    s.services.refresh();
    s.prices.refresh();
    s.budgets.refresh(false);
  };

export const clearCache: CommandFactory =
  ({ s }) =>
  async (arg) => {
    const asked = (arg as { confirm?: boolean } | undefined)?.confirm;
    const confirmed =
      asked ??
      (await vscode.window.showWarningMessage(
        'Delete the pricing cache? Downloaded files stay; the cache is rebuilt from them with "Build Price Index".',
        { modal: true },
        'Delete',
      )) === 'Delete';
    if (!confirmed) return false;
    await fs.rm(path.join(s.locations.storeDir, storeFolder), { recursive: true, force: true });
    s.index().clear();
    s.prices.refresh();
    void vscode.window.showInformationMessage('Price Atlas: pricing cache cleared.');
    return true;
  };

export const showCacheStatistics: CommandFactory =
  ({ s }) =>
  async () => {
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
      ...stats.regions.flatMap((r) =>
        r.parts.map(
          (p) => `| ${r.region} | ${p.offerCode} | ${p.version} | ${p.publicationDate} | ${formatAge(p.ageMs)} | ${p.entries} | ${formatBytes(p.bytes)} |`,
        ),
      ),
    ];
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: lines.join('\n') });
    await vscode.window.showTextDocument(doc, { preview: true });
    return stats;
  };

export const showLog: CommandFactory =
  ({ s }) =>
  () =>
    s.log.show();
