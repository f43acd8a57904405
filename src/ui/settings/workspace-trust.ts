/**
 * What Restricted Mode allows. A folder the user has not trusted may be a cloned repository that
 * ships its own .aws-pricing: its offer files would become the prices, sizes and text that hovers
 * and views show, so nothing in the workspace is indexed (or downloaded into it) until the user
 * trusts the folder. Prices indexed earlier, and browsing the endpoint, still work.
 * No `vscode` import: plain Node tests load this.
 */

export const manageTrust = 'Manage Workspace Trust';

export const indexRefusedUntrusted =
  'Price Atlas did not index the price lists in this workspace: it is in Restricted Mode, and files a repository brings are indexed only once you trust its folder. Choose "Manage Workspace Trust", trust the folder, then run "Build Price Index" again.';

export const downloadRefusedUntrusted = 'Price Atlas downloads into the workspace only when it is trusted. Browsing prices works in Restricted Mode.';

/** The download folders an index build may read: all of them when trusted, none otherwise. */
export function indexableDownloadDirs(trusted: boolean, dirs: readonly string[]): { dirs: string[]; refused?: string } {
  return trusted ? { dirs: [...dirs] } : { dirs: [], refused: indexRefusedUntrusted };
}
