/**
 * "Show Cost Breakdown": a file's estimate as a read-only markdown document (shown in the markdown
 * preview when it is there), rendered from the same core estimate the code lenses show.
 */
import * as vscode from 'vscode';
import type { Estimate } from '../../core/cost/estimate';
import type { ExtensionServices } from '../extension-services';
import type { IacPrices } from './iac-prices';
import { registerCommand } from '../commands/register-command';

export const breakdownCommand = 'priceAtlas.showCostBreakdown';
const scheme = 'price-atlas-cost';

/** The breakdown's address: the IaC file's URI in the query, so one breakdown per file. */
export function breakdownUri(source: vscode.Uri): vscode.Uri {
  return vscode.Uri.from({ scheme, path: `/${source.path.split('/').pop() ?? 'file'} cost.md`, query: source.toString() });
}

export function registerCostBreakdown(s: ExtensionServices, iac: IacPrices, render: (e: Estimate, label: string) => string): vscode.Disposable[] {
  const changed = new vscode.EventEmitter<vscode.Uri>();
  const provider: vscode.TextDocumentContentProvider = {
    onDidChange: changed.event,
    async provideTextDocumentContent(uri) {
      const source = vscode.Uri.parse(uri.query, true);
      const doc = await vscode.workspace.openTextDocument(source);
      const e = await iac.estimate(doc);
      const label = vscode.workspace.asRelativePath(source);
      return e ? render(e, label) : `# Cost of ${label}\n\nThe cost model does not read this kind of file (it reads Terraform, CloudFormation, CDK and Pulumi); hover a size for its price.\n`;
    },
  };
  return [
    changed,
    vscode.workspace.registerTextDocumentContentProvider(scheme, provider),
    // A saved source gives a new estimate: an open breakdown follows it.
    vscode.workspace.onDidSaveTextDocument((doc) => changed.fire(breakdownUri(doc.uri))),
    registerCommand(s, breakdownCommand, async (source?: unknown) => {
      const target = typeof source === 'string' ? vscode.Uri.parse(source, true) : vscode.window.activeTextEditor?.document.uri;
      if (!target) {
        void vscode.window.showInformationMessage('Price Atlas: open a Terraform, CloudFormation, CDK or Pulumi file to see its cost breakdown.');
        return undefined;
      }
      const uri = breakdownUri(target);
      changed.fire(uri);
      const shown = await vscode.commands.executeCommand('markdown.showPreviewToSide', uri).then(
        () => true,
        () => false,
      );
      if (!shown) await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: true, viewColumn: vscode.ViewColumn.Beside });
      return uri.toString();
    }),
  ];
}
