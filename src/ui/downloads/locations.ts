import * as path from 'node:path';
import * as vscode from 'vscode';
import { downloadDirFor } from './download-folder';
import type { SettingsStore } from '../settings/settings';

/**
 * Where things go. Downloads: a folder inside a workspace folder (setting, default .aws-pricing),
 * chosen per download when several folders are open. The pricing cache: workspace storage, or
 * global storage when no folder is open, never the workspace itself.
 */
export class Locations {
  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly settings: SettingsStore,
  ) {}

  get storeDir(): string {
    const base = this.context.storageUri ?? this.context.globalStorageUri;
    return path.join(base.fsPath, 'index');
  }

  get folders(): readonly vscode.WorkspaceFolder[] {
    return vscode.workspace.workspaceFolders ?? [];
  }

  /** Throws a UsageError naming priceAtlas.downloadFolder when the setting picks a refused folder. */
  downloadDir(folder: vscode.WorkspaceFolder): string {
    return downloadDirFor(folder.uri.fsPath, this.settings.get('downloadFolder'));
  }

  /** The mirror the views describe: the first workspace folder's. */
  primaryDownloadDir(): string | undefined {
    const folder = this.folders[0];
    return folder ? this.downloadDir(folder) : undefined;
  }

  /** Every workspace folder's mirror (index builds read them all). */
  allDownloadDirs(): string[] {
    return this.folders.map((f) => this.downloadDir(f));
  }

  /** The folder to download into: the only one, or the one the user picks. */
  async pickFolder(given?: string): Promise<vscode.WorkspaceFolder | undefined> {
    const folders = this.folders;
    if (given) return folders.find((f) => f.uri.fsPath === given || f.name === given);
    if (folders.length <= 1) return folders[0];
    return vscode.window.showWorkspaceFolderPick({ placeHolder: 'Download price lists into which folder?' });
  }
}
