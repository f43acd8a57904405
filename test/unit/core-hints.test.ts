import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

const srcCore = path.resolve(__dirname, '../../../src/core');

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? tsFiles(full) : name.endsWith('.ts') ? [full] : [];
  });
}

// Our flags and command lines: the CLI's words, which the editor cannot act on. AWS CLI commands
// (`aws sso login --profile dev`) are for both hosts' users alike, so their flags are allowed.
const awsCliCommand = /\baws (?:configure|sso)\b[^`;)]*/g;
const cliWords = /(?:^|[\s(`'"])(--[a-z][a-z-]+)|\bprice-atlas [a-z]/;

/** Every piece of literal text in a source (strings and the fixed parts of templates), with its line. */
function literals(file: string, text: string): { line: number; text: string; lineText: string }[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const lines = text.split('\n');
  const out: { line: number; text: string; lineText: string }[] = [];
  const visit = (node: ts.Node): void => {
    if (
      ts.isStringLiteral(node) ||
      ts.isNoSubstitutionTemplateLiteral(node) ||
      ts.isTemplateHead(node) ||
      ts.isTemplateMiddle(node) ||
      ts.isTemplateTail(node)
    ) {
      const line = source.getLineAndCharacterOfPosition(node.getStart()).line;
      out.push({ line: line + 1, text: node.text, lineText: lines[line] ?? '' });
    }
    // Import paths are no text a person reads.
    if (ts.isImportDeclaration(node)) return;
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

/** The literals of a source that speak the CLI's language. A line marked `AWS CLI` holds an AWS CLI flag. */
function cliWorded(file: string, text: string): string[] {
  return literals(file, text)
    .filter((l) => !/\/\/.*\bAWS CLI\b/.test(l.lineText))
    .filter((l) => cliWords.test(l.text.replace(awsCliCommand, '')))
    .map((l) => `${file}:${l.line}: ${l.text}`);
}

describe('core hints are written for both hosts: no CLI flag or command line in src/core', () => {
  it('the check finds flags and command lines in strings and templates, and lets AWS CLI commands and code through', () => {
    const bad = [
      "const h = 'pass --profile NAME';",
      'const h = `raise --max-file-size if ${x} is right`;',
      "const h = 'run `price-atlas services` to list them';",
      'const h = `a ${x} b (--endpoint)`;',
    ];
    for (const source of bad) assert.equal(cliWorded('x.ts', source).length, 1, source);
    const good = [
      "const h = 'run: aws sso login --profile dev';",
      "const h = 'list them with `aws configure list-profiles`, then choose one';",
      "const h = ' --profile dev'; // the AWS CLI flag",
      'if (--depth === 0) return;',
      "import { x } from '--odd-path';",
      "const h = 'a price-list endpoint';",
    ];
    for (const source of good) assert.deepEqual(cliWorded('x.ts', source), [], source);
  });

  it('no literal under src/core names one of our flags or commands: the remedy does, in each host’s words', () => {
    const files = tsFiles(srcCore);
    assert.ok(files.length > 20, `expected the core sources in ${srcCore}`);
    const offenders = files.flatMap((f) => cliWorded(path.relative(srcCore, f), readFileSync(f, 'utf8')));
    assert.deepEqual(offenders, []);
  });
});
