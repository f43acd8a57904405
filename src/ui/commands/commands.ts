/**
 * Every command of the extension, by its id in package.json, registered in one place. Each is a
 * named factory in the module of its area; the host tests check this table against package.json.
 */
import type * as vscode from 'vscode';
import { refreshBudgets, selectProfile } from './aws-commands';
import { clearCache, refresh, showCacheStatistics, showLog } from './cache-commands';
import type { CommandContext, CommandFactory } from './command-context';
import { buildIndex, cancelDownloads, downloadItem, downloadPriceLists, openDownloadFolder, showMetrics } from './download-commands';
import { breakdownCommand } from '../editor/cost-breakdown';
import { showCostBreakdown } from './editor-commands';
import { compareSelected, clearPriceFilter, filterPrices, selectRegion, sortPrices } from './price-commands';
import { copyUrl, openFile, revealInExplorer, verifyIntegrity } from './region-file-commands';
import { registerCommand } from './register-command';

export const commandTable: Readonly<Record<string, CommandFactory>> = {
  'priceAtlas.downloadPriceLists': downloadPriceLists,
  'priceAtlas.downloadItem': downloadItem,
  'priceAtlas.buildIndex': buildIndex,
  'priceAtlas.cancelDownloads': cancelDownloads,
  'priceAtlas.showMetrics': showMetrics,
  'priceAtlas.openDownloadFolder': openDownloadFolder,
  'priceAtlas.openFile': openFile,
  'priceAtlas.revealInExplorer': revealInExplorer,
  'priceAtlas.copyUrl': copyUrl,
  'priceAtlas.verifyIntegrity': verifyIntegrity,
  'priceAtlas.refresh': refresh,
  'priceAtlas.clearCache': clearCache,
  'priceAtlas.showCacheStatistics': showCacheStatistics,
  'priceAtlas.showLog': showLog,
  'priceAtlas.selectRegion': selectRegion,
  'priceAtlas.filterPrices': filterPrices,
  'priceAtlas.clearPriceFilter': clearPriceFilter,
  'priceAtlas.sortPrices': sortPrices,
  'priceAtlas.compareSelected': compareSelected,
  'priceAtlas.refreshBudgets': refreshBudgets,
  'priceAtlas.selectProfile': selectProfile,
  [breakdownCommand]: showCostBreakdown,
};

/** Registers every command through the one wrapper (errors shown and recorded); the disposables belong to the extension. */
export function registerCommands(ctx: CommandContext): vscode.Disposable[] {
  return Object.entries(commandTable).map(([id, factory]) => registerCommand(ctx.s, id, factory(ctx)));
}
