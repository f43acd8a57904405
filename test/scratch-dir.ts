import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const made: string[] = [];

/** A fresh directory under the system temp folder, removed when the whole mocha run ends. */
export function scratchDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `pa-${prefix}-`));
  made.push(dir);
  return dir;
}

// Registered once, on mocha's root suite (this module is cached): hundreds of runs left thousands of
// folders behind in /tmp before it.
after(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});
