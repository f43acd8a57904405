/** Commands about the IaC file in the editor. */
import * as vscode from 'vscode';
import type { CommandFactory } from './command-context';

/** A file's cost breakdown: the file a code lens names, else the active editor's. */
export const showCostBreakdown: CommandFactory =
  ({ breakdowns }) =>
  async (source) => {
    const target = typeof source === 'string' ? vscode.Uri.parse(source, true) : vscode.window.activeTextEditor?.document.uri;
    if (!target) {
      void vscode.window.showInformationMessage('Price Atlas: open a Terraform, CloudFormation, CDK or Pulumi file to see its cost breakdown.');
      return undefined;
    }
    return (await breakdowns.show(target)).toString();
  };
