/**
 * Where a workspace folder's downloads go: priceAtlas.downloadFolder inside it. The setting can
 * come from the workspace's own .vscode/settings.json, so a cloned repository chooses it; the
 * core's refusals (refuseOutputFolder: .git, .hg, .svn, .vscode, the workspace root, home, /) are
 * applied before anything runs, with an error that names the setting the user has to change.
 * No `vscode` import: plain Node tests load this.
 */
import * as path from 'node:path';
import { refuseOutputFolder } from '../../core/mirror/mirror-root';
import type { OutputFolderOptions } from '../../core/mirror/mirror-root';
import { UsageError } from '../../core/errors';

const SETTING = 'priceAtlas.downloadFolder';

/** What the download engine checks again as it opens the folder: no symlink below the workspace folder, not the folder itself. */
export function outputFolderOptions(workspaceFolder: string): OutputFolderOptions {
  const base = path.resolve(workspaceFolder);
  return { base, notEqualTo: [base] };
}

/** The download folder for `workspaceFolder`, or a UsageError naming the setting. */
export function downloadDirFor(workspaceFolder: string, setting: string): string {
  const dir = path.resolve(workspaceFolder, setting);
  try {
    refuseOutputFolder(dir, outputFolderOptions(workspaceFolder));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    throw new UsageError(
      `${SETTING} is ${JSON.stringify(setting)}, which is refused: ${err.message}`,
      `set ${SETTING} to a folder of its own inside the workspace, such as .aws-pricing`,
    );
  }
  return dir;
}
