/** The context menu of a downloaded region file in the Services view. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { createSha256Pool } from '../../core/download/sha256-pool';
import { readSidecars } from '../../core/download/sidecar';
import type { RegionNode, ServicesTreeNode } from '../views/services-view';
import type { CommandFactory } from './command-context';

function regionNodeFrom(arg: unknown): RegionNode | undefined {
  const node = arg as ServicesTreeNode | undefined;
  return node && node.type === 'region' ? node : undefined;
}

export const openFile: CommandFactory = () => async (arg) => {
  const node = regionNodeFrom(arg);
  if (!node?.file) return undefined;
  await vscode.window.showTextDocument(vscode.Uri.file(node.file), { preview: true });
  return node.file;
};

export const revealInExplorer: CommandFactory = () => async (arg) => {
  const node = regionNodeFrom(arg);
  if (!node?.file) return undefined;
  await vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(node.file));
  return node.file;
};

export const copyUrl: CommandFactory = () => async (arg) => {
  const node = regionNodeFrom(arg);
  if (!node) return undefined;
  await vscode.env.clipboard.writeText(node.url);
  return node.url;
};

/** Hashes the file again and compares it with its SHA-256 sidecar. */
export const verifyIntegrity: CommandFactory = () => async (arg) => {
  const node = regionNodeFrom(arg);
  if (!node?.file) return undefined;
  const meta = await readSidecars(node.file);
  if (!meta) {
    void vscode.window.showWarningMessage(`Price Atlas: ${path.basename(node.file)} has no sidecar; download it again to verify it.`);
    return false;
  }
  const pool = createSha256Pool();
  try {
    const actual = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Price Atlas: verifying ${node.offerCode} ${node.region}` },
      () => pool.hashFile(node.file!),
    );
    const ok = actual === meta.sha256;
    if (ok) void vscode.window.showInformationMessage(`Price Atlas: ${node.offerCode} ${node.region} matches its SHA-256 sidecar.`);
    else
      void vscode.window
        .showErrorMessage(`Price Atlas: ${node.offerCode} ${node.region} does not match its sidecar (changed on disk).`, 'Download Again')
        .then((c) => c && vscode.commands.executeCommand('priceAtlas.downloadItem', node));
    return ok;
  } finally {
    await pool.close();
  }
};
