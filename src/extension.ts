import * as vscode from 'vscode';
import type { BudgetsSnapshot } from './ui/views/budgets-view';
import { registerCommands } from './ui/commands/commands';
import { lazy } from './ui/lazy';
import { ExtensionServices } from './ui/extension-services';
import { IacPrices } from './ui/editor/iac-prices';
import { registerIacProviders } from './ui/editor/iac-providers';
import type { GenerationDiagnostics, IacCodeLensProvider, IacHoverProvider } from './ui/editor/iac-providers';

// Imports are evaluated before this line runs, so this marks the end of the bundle's evaluation;
// the bundle's banner marks its start (unset when loaded unbundled, in which case load is 0).
const loadedAt = performance.now();
const loadStart = (globalThis as { __priceAtlasLoadStart?: number }).__priceAtlasLoadStart ?? loadedAt;

/** What the extension returns from activate(): for its tests and for other extensions. */
export interface PriceAtlasApi {
  /** What activation cost: evaluating the bundle, then activate() itself (milliseconds). */
  readonly activation: { loadMs: number; activateMs: number };
  readonly services: ExtensionServices;
  readonly iac: IacPrices;
  readonly hover: IacHoverProvider;
  readonly lenses: IacCodeLensProvider;
  readonly diagnostics: GenerationDiagnostics;
}

/**
 * Activation is cheap on purpose: no network, no file reads, no AWS SDK. Views, commands and
 * settings are wired; everything else starts when a view is shown or a command runs.
 */
export function activate(context: vscode.ExtensionContext): PriceAtlasApi {
  const started = performance.now();
  // The budgets source reads settings through the services it is given to: called only after this line.
  const services: ExtensionServices = new ExtensionServices(
    context,
    budgetsSource(() => services),
  );
  context.subscriptions.push(services);
  context.subscriptions.push(
    vscode.window.registerTreeDataProvider('priceAtlas.services', services.services),
    vscode.window.createTreeView('priceAtlas.instancePrices', { treeDataProvider: services.prices, canSelectMany: true, showCollapseAll: true }),
    vscode.window.registerTreeDataProvider('priceAtlas.budgets', services.budgets),
  );
  const iac = services.own(new IacPrices(services));
  const editor = registerIacProviders(services, iac);
  context.subscriptions.push(...editor.disposables, ...registerCommands({ s: services, breakdowns: editor.breakdowns }));
  void vscode.commands.executeCommand('setContext', 'priceAtlas.trusted', vscode.workspace.isTrusted);
  context.subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(() => void vscode.commands.executeCommand('setContext', 'priceAtlas.trusted', true)));
  const activation = { loadMs: loadedAt - loadStart, activateMs: performance.now() - started };
  return { activation, services, iac, hover: editor.hover, lenses: editor.lenses, diagnostics: editor.diagnostics };
}

const awsLayer = lazy<typeof import('./ui/bundles/aws')>('aws.js');

/** The AWS account layer is a separate bundle, loaded the first time the Budgets view asks. */
function budgetsSource(services: () => ExtensionServices): (options: { force: boolean }) => Promise<BudgetsSnapshot> {
  return async ({ force }) => {
    const s = services();
    return awsLayer().loadBudgetsSnapshot({
      profile: s.settings.get('aws.profile'),
      endpoint: s.settings.get('aws.endpoint'),
      cacheDir: s.context.globalStorageUri.fsPath,
      costTtlMs: s.settings.get('costCacheHours') * 3600_000,
      force,
      logger: s.log.logger({ part: 'aws' }),
    });
  };
}

export function deactivate(): void {
  // Everything is owned by context.subscriptions.
}
