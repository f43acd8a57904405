import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CliIo } from '../../src/cli/commands';
import { runCommandLine } from '../../src/cli/program';
import { indexOfferFile } from '../../src/core/prices/write/index-offer-file';
import { PriceIndex } from '../../src/core/prices/read/price-index';
import { adviceText } from '../../src/cli/present-error';
import { commandLine, shellQuote } from '../../src/core/shell-quote';
import { regionLocation, writeEc2RegionOffer } from '../fakes/fixture-tree';

/**
 * Every command line the program suggests must run as printed. These tests collect the suggested
 * `price-atlas ...` lines (from the messages the code produces, from string literals in the source,
 * and from the README) and parse each one with the CLI's own command line (src/cli/program.ts),
 * recording the command it would run instead of running it.
 */

const quietIo: CliIo = {
  stdout: { write: () => true } as unknown as NodeJS.WriteStream,
  stderr: { write: () => true } as unknown as NodeJS.WriteStream,
  env: {},
  cwd: '/',
  signal: new AbortController().signal,
};

const root = path.resolve(__dirname, '../../..');

/** POSIX shell words: single quotes, double quotes and backslashes, as `sh` splits them. */
function shellWords(line: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      assert.ok(end > i, `unterminated quote in ${line}`);
      word = (word ?? '') + line.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      let text = '';
      for (; j < line.length && line[j] !== '"'; j++) text += line[j] === '\\' ? line[++j] : line[j];
      assert.ok(j < line.length, `unterminated quote in ${line}`);
      word = (word ?? '') + text;
      i = j;
    } else if (c === '\\') word = (word ?? '') + (line[++i] ?? '');
    else if (c === ' ' || c === '\t') {
      if (word !== null) words.push(word);
      word = null;
    } else word = (word ?? '') + c;
  }
  if (word !== null) words.push(word);
  return words;
}

/** Parses `price-atlas CMD ARGS...` with the real parser; returns the error, if any. */
async function problemWith(line: string): Promise<string | undefined> {
  const [program, ...args] = shellWords(line);
  if (program !== 'price-atlas') return `not a price-atlas command: ${line}`;
  try {
    // A suggested `price-atlas <command> --help` counts too: it parses (and prints the help).
    await runCommandLine(args, quietIo, async () => 0);
    return undefined;
  } catch (err) {
    return `${(err as Error).message} in: ${line}`;
  }
}

/** The command lines in a hint: each `price-atlas ...` up to `&&`, a closing parenthesis or the end. */
function commandsInHint(hint: string): string[] {
  const out: string[] = [];
  for (const m of hint.matchAll(/price-atlas [^&()]*/g)) out.push(m[0].trim());
  return out;
}

/** Literal suggestions in source and docs: `price-atlas WORD ARGS` where the words have no quotes or shell syntax. */
function literalCommands(text: string): string[] {
  const out: string[] = [];
  const unTemplated = text.replace(/\$\{[^}]*\}/g, 'X');
  for (const m of unTemplated.matchAll(/(?<![\w/.-])price-atlas ([a-z][a-z-]*)((?: [^\s`'"(),;#&]+)*)(?=[\s`'"(),;.]|$)/g)) {
    out.push(`price-atlas ${m[1]}${m[2] ?? ''}`.replace(/[.,]$/, ''));
  }
  return out;
}

/** The code in a markdown document (fenced blocks and inline spans), where its commands are; prose may say "price-atlas spends". */
function markdownCode(text: string): string {
  const fenced = [...text.matchAll(/^```[^\n]*\n([\s\S]*?)^```/gm)].map((m) => m[1]);
  const inline = [...text.replace(/^```[\s\S]*?^```/gm, '').matchAll(/`([^`\n]+)`/g)].map((m) => m[1]);
  return [...fenced, ...inline].join('\n');
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(full) : e.name.endsWith('.ts') ? [full] : [];
  });
}

describe('suggested commands run as printed', () => {
  it('shellQuote keeps plain words and quotes the rest so sh reads them back unchanged', () => {
    assert.equal(shellQuote('us-east-1'), 'us-east-1');
    assert.equal(shellQuote('.aws-pricing/.index'), '.aws-pricing/.index');
    for (const hard of ['', 'my store', "it's", 'a"b', '$HOME', 'a\\b', 'x;rm -rf /']) {
      assert.deepEqual(shellWords(commandLine(['price-atlas', hard])), ['price-atlas', hard]);
    }
  });

  it('the parser check can fail: the hints that once shipped are refused', async () => {
    assert.match((await problemWith('price-atlas download --service AmazonEC2 --region us-east-1')) ?? '', /unknown option '--service'/);
    assert.match((await problemWith('price-atlas mirror --to x')) ?? '', /unknown command/);
    assert.match((await problemWith('price-atlas download --max-concurrent 0')) ?? '', /from 1 to 64/);
    assert.equal(await problemWith('price-atlas download --services AmazonEC2 --regions us-east-1'), undefined);
  });

  describe('price misses (what the CLI and the editor show when a price is missing)', () => {
    let dir: string;
    let store: string;
    before(async () => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'pa-hints-'));
      // A store path that needs quoting: a space and a quote, as a user's home folder may have.
      store = path.join(dir, "Jo's prices", '.index');
      mkdirSync(path.dirname(store), { recursive: true });
      const file = path.join(dir, 'ec2.json');
      await writeEc2RegionOffer(file, {
        region: 'us-east-1',
        location: regionLocation('us-east-1'),
        version: '20250912225308',
        publicationDate: '2025-09-12T22:53:08Z',
      });
      await indexOfferFile(file, store);
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    const cases: Array<[string, string, string, boolean]> = [
      ['an EC2 size in a region the store lacks', 'm5.large', 'eu-west-1', true],
      ['an EC2 size the offer does not have', 'x9.mega', 'us-east-1', true],
      ['an RDS size when the store has no RDS part', 'db.r6g.large', 'us-east-1', false],
      ['an RDS size in a region the store lacks', 'db.r6g.large', 'eu-west-1', false],
      ['an ElastiCache size', 'cache.r7g.large', 'us-east-1', false],
    ];
    for (const [what, size, region, api] of cases) {
      it(`${what}: every suggested command parses, the store path survives quoting, --api only for EC2`, async () => {
        const miss = await new PriceIndex(store).explainMiss(size, region);
        // The CLI's wording of the remedy, as `price` and `compare` print it.
        const hint = adviceText(miss, store) ?? '';
        const lines = commandsInHint(hint);
        assert.ok(lines.length >= 2, `no command in ${hint}`);
        for (const line of lines) assert.equal(await problemWith(line), undefined);
        const download = shellWords(lines.find((l) => l.startsWith('price-atlas download'))!);
        assert.deepEqual(download.slice(2), ['--services', download[3]!, '--regions', region]);
        const index = shellWords(lines.find((l) => l.startsWith('price-atlas index'))!);
        assert.equal(index[index.indexOf('--store') + 1], store);
        assert.equal(
          lines.some((l) => l.includes('--api')),
          api,
          hint,
        );
      });
    }
  });

  it('every literal price-atlas command in the source and the README parses', async () => {
    const files = [...sourceFiles(path.join(root, 'src')), path.join(root, 'README.md')];
    const found: string[] = [];
    const problems: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const line of literalCommands(file.endsWith('.md') ? markdownCode(text) : text)) {
        found.push(line);
        const problem = await problemWith(line);
        if (problem) problems.push(`${path.relative(root, file)}: ${problem}`);
      }
    }
    assert.ok(found.length > 30, `only ${found.length} commands found: the extractor is broken`);
    assert.deepEqual(problems, []);
  });
});
