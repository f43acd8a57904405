import * as vscode from 'vscode';

/**
 * Activation stays cheap: no network, no file system scans, nothing heavy imported. The output
 * channel is created on first use.
 */
let channel: vscode.LogOutputChannel | undefined;

function log(): vscode.LogOutputChannel {
  channel ??= vscode.window.createOutputChannel('Price Atlas', { log: true });
  return channel;
}

export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('priceAtlas.showLog', () => log().show(true)),
    { dispose: () => channel?.dispose() },
  );
}

export function deactivate(): void {
  // Everything is owned by context.subscriptions.
}
