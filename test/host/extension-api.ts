import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PriceAtlasApi } from '../../src/extension';

// Shared by the host suites (trusted and Restricted Mode): the extension as the host loaded it,
// and what is on disk after a command ran.

export const extensionId = 'price-atlas.price-atlas';

/** The extension's API, activating it if nothing has yet. */
export async function extensionApi(): Promise<PriceAtlasApi> {
  const ext = vscode.extensions.getExtension<PriceAtlasApi>(extensionId);
  assert.ok(ext, `${extensionId} is installed in the host`);
  return ext.isActive ? ext.exports : ext.activate();
}

/** Every file under `dir` (none when it is missing); with `folders`, each folder too, as `dir/`. */
export function filesUnder(dir: string, options: { folders?: boolean } = {}): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (!statSync(full).isDirectory()) return [full];
    return options.folders ? [`${full}/`, ...filesUnder(full, options)] : filesUnder(full, options);
  });
}
