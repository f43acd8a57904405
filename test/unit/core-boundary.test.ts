import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

const srcCore = path.resolve(__dirname, '../../../src/core');

// Catches `import ... from 'vscode'`, `import type ... from "vscode"`, `require('vscode')`, `import('vscode')`.
const vscodeImport = /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(\s*|^\s*import\s+)['"]vscode['"]/m;

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? tsFiles(full) : name.endsWith('.ts') ? [full] : [];
  });
}

describe('src/core stays free of the VS Code API', () => {
  it('the detector recognises every import form (so the check below can fail)', () => {
    for (const line of [
      "import * as vscode from 'vscode';",
      'import type { Uri } from "vscode";',
      "const v = require('vscode');",
      "await import('vscode')",
      "import 'vscode';",
    ]) {
      assert.ok(vscodeImport.test(line), line);
    }
    for (const line of ["import { x } from './vscode-free';", '// mentions vscode in a comment', "import { y } from 'vscode-uri';"]) {
      assert.ok(!vscodeImport.test(line), line);
    }
  });

  it('no file under src/core imports vscode', () => {
    const files = tsFiles(srcCore);
    assert.ok(files.length > 5, `expected the core sources in ${srcCore}`);
    const offenders = files.filter((f) => vscodeImport.test(readFileSync(f, 'utf8')));
    assert.deepEqual(
      offenders.map((f) => path.relative(srcCore, f)),
      [],
    );
  });
});
