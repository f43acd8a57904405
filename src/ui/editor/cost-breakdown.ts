/**
 * "Show Cost Breakdown": a file's estimate as a read-only markdown document (shown in the markdown
 * preview when it is there), rendered from the same core estimate the code lenses show.
 */
import * as vscode from 'vscode';
import type { Estimate } from '../../core/cost/estimate';
import type { IacPrices } from './iac-prices';

export const breakdownCommand = 'priceAtlas.showCostBreakdown';
const scheme = 'price-atlas-cost';

/** The breakdown's address: the IaC file's URI in the query, so one breakdown per file. */
export function breakdownUri(source: vscode.Uri): vscode.Uri {
  return vscode.Uri.from({ scheme, path: `/${source.path.split('/').pop() ?? 'file'} cost.md`, query: source.toString() });
}

/** The breakdown documents: rendered on demand, and again when their source is saved. */
export class CostBreakdownDocuments implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  private readonly disposables: vscode.Disposable[];

  constructor(
    private readonly iac: IacPrices,
    private readonly render: (e: Estimate, label: string) => string,
  ) {
    const provider: vscode.TextDocumentContentProvider = {
      onDidChange: this.changed.event,
      provideTextDocumentContent: (uri) => this.content(uri),
    };
    this.disposables = [
      this.changed,
      vscode.workspace.registerTextDocumentContentProvider(scheme, provider),
      // A saved source gives a new estimate: an open breakdown follows it.
      vscode.workspace.onDidSaveTextDocument((doc) => this.changed.fire(breakdownUri(doc.uri))),
    ];
  }

  private async content(uri: vscode.Uri): Promise<string> {
    const source = vscode.Uri.parse(uri.query, true);
    const doc = await vscode.workspace.openTextDocument(source);
    const e = await this.iac.estimate(doc);
    const label = vscode.workspace.asRelativePath(source);
    return e
      ? this.render(e, label)
      : `# Cost of ${label}\n\nThe cost model does not read this kind of file (it reads Terraform, CloudFormation, CDK and Pulumi); hover a size for its price.\n`;
  }

  /** Opens the breakdown of `source` beside it, freshly rendered; returns its URI. */
  async show(source: vscode.Uri): Promise<vscode.Uri> {
    const uri = breakdownUri(source);
    this.changed.fire(uri);
    const shown = await vscode.commands.executeCommand('markdown.showPreviewToSide', uri).then(
      () => true,
      () => false,
    );
    if (!shown) await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: true, viewColumn: vscode.ViewColumn.Beside });
    return uri;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
