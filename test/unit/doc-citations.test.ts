// Every section a code comment cites must exist: `docs/<file>.md §<n>` in src/ and test/ names a
// file in the repository (path from the repository root) that has a heading numbered <n>
// (`## 1.6 Offer JSON: ...`, `### 5.1 Engine mapping`). A `§` with no document before it on the
// same line cites nothing checkable and is refused, except RFC sections (`RFC 9110 §13.2.2`).
// In docs/, references to the repository's own documents (and their #anchors) must resolve too.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../../..');

/** Section numbers of a markdown text's numbered headings, and the GitHub anchors of all headings. */
export function headingsOf(markdown: string): { sections: Set<string>; anchors: Set<string> } {
  const sections = new Set<string>();
  const anchors = new Set<string>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*```/.test(line)) fenced = !fenced;
    if (fenced) continue;
    const h = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!h) continue;
    const text = h[1]!;
    const n = /^(\d+(?:\.\d+)*)\.?(?:\s|$)/.exec(text);
    if (n) sections.add(n[1]!);
    anchors.add(
      text
        .toLowerCase()
        .replace(/[^\p{L}\p{N} _-]/gu, '')
        .replace(/ /g, '-'),
    );
  }
  return { sections, anchors };
}

export interface Citation {
  file: string;
  line: number;
  doc: string;
  section: string;
}

// An optional `path/name.md` or `RFC nnnn` before the `§`, then a section, then an optional range end.
const citation = /(?:((?:[\w.-]+\/)*[\w.-]+\.md)\s+|\b(RFC\s+\d+)\s+)?§\s?(\d+(?:\.\d+)*)(?:\s*[-–]\s*§?(\d+(?:\.\d+)*))?/g;

/** The citations in one source file's text, and the `§`s that name no document. */
export function citationsIn(file: string, text: string): { citations: Citation[]; unattributed: string[] } {
  const citations: Citation[] = [];
  const unattributed: string[] = [];
  text.split('\n').forEach((lineText, i) => {
    let doc: string | undefined; // a later `§` on the same line ("§1.9 and §2.5") cites the same document
    let external = false;
    for (const m of lineText.matchAll(citation)) {
      if (m[1]) {
        doc = m[1];
        external = false;
      } else if (m[2]) {
        external = true;
        doc = undefined;
      }
      if (external) continue;
      if (!doc) {
        unattributed.push(`${file}:${i + 1}: §${m[3]} names no document (write docs/<file>.md §${m[3]})`);
        continue;
      }
      for (const section of [m[3]!, m[4]].filter((s): s is string => s !== undefined)) {
        citations.push({ file, line: i + 1, doc, section });
      }
    }
  });
  return { citations, unattributed };
}

/** What is wrong with the citations, given a way to read a repository file (undefined = absent). */
export function problemsWith(citations: Citation[], readDoc: (repoPath: string) => string | undefined): string[] {
  const problems: string[] = [];
  const cache = new Map<string, Set<string> | undefined>();
  for (const c of citations) {
    const where = `${c.file}:${c.line}: ${c.doc} §${c.section}`;
    if (!c.doc.startsWith('docs/')) {
      problems.push(`${where}: cite the repository's copy, docs/${path.posix.basename(c.doc)}`);
      continue;
    }
    if (!cache.has(c.doc)) {
      const text = readDoc(c.doc);
      cache.set(c.doc, text === undefined ? undefined : headingsOf(text).sections);
    }
    const sections = cache.get(c.doc);
    if (!sections) problems.push(`${where}: no such file in the repository`);
    else if (!sections.has(c.section)) problems.push(`${where}: the document has no heading numbered ${c.section}`);
  }
  return problems;
}

function filesUnder(dir: string, ext: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'fixtures' || name === 'node_modules' ? [] : filesUnder(full, ext);
    return name.endsWith(ext) ? [full] : [];
  });
}

function readRepoFile(repoPath: string): string | undefined {
  const full = path.join(root, ...repoPath.split('/'));
  return existsSync(full) && statSync(full).isFile() ? readFileSync(full, 'utf8') : undefined;
}

const self = path.join(root, 'test', 'unit', 'doc-citations.test.ts');
const sources = [...filesUnder(path.join(root, 'src'), '.ts'), ...filesUnder(path.join(root, 'test'), '.ts')].filter((f) => f !== self);
const scanned = sources.map((f) => ({
  rel: path.relative(root, f).split(path.sep).join('/'),
  ...citationsIn(path.relative(root, f).split(path.sep).join('/'), readFileSync(f, 'utf8')),
}));
const allCitations = scanned.flatMap((s) => s.citations);

describe('doc citations in code comments', () => {
  it('the checker finds citations, ranges, lists and refuses wrong ones (so the checks below can fail)', () => {
    const doc = '# T\n\n## 1 Part\n\n## 1.6 Offer JSON: terms\n\n```\n## 9 not a heading\n```\n### 5.1 Engine\n';
    const text = [
      '// (docs/x.md §1.6) and §5.1',
      ' * docs/x.md §1-1.6, docs/x.md §1.6-§5.1',
      '// RFC 9110 §13.2.2, then docs/x.md §1',
      '// docs/x.md §9 is inside a code fence only',
      '// docs/x.md §1.7 does not exist',
      '// x.md §1.6 is the outside copy',
      '// docs/missing.md §1',
      '// a bare §2.4',
    ].join('\n');
    const { citations, unattributed } = citationsIn('f.ts', text);
    assert.deepEqual(
      citations.map((c) => `${c.line} ${c.doc} ${c.section}`),
      [
        '1 docs/x.md 1.6',
        '1 docs/x.md 5.1',
        '2 docs/x.md 1',
        '2 docs/x.md 1.6',
        '2 docs/x.md 1.6',
        '2 docs/x.md 5.1',
        '3 docs/x.md 1',
        '4 docs/x.md 9',
        '5 docs/x.md 1.7',
        '6 x.md 1.6',
        '7 docs/missing.md 1',
      ],
    );
    assert.deepEqual(unattributed, ['f.ts:8: §2.4 names no document (write docs/<file>.md §2.4)']);
    const problems = problemsWith(citations, (p) => (p === 'docs/x.md' ? doc : undefined));
    assert.deepEqual(problems, [
      'f.ts:4: docs/x.md §9: the document has no heading numbered 9',
      'f.ts:5: docs/x.md §1.7: the document has no heading numbered 1.7',
      "f.ts:6: x.md §1.6: cite the repository's copy, docs/x.md",
      'f.ts:7: docs/missing.md §1: no such file in the repository',
    ]);
    assert.ok(headingsOf(doc).anchors.has('16-offer-json-terms'));
  });

  it('finds the citations of both format documents (the scan is not vacuous)', () => {
    assert.ok(sources.length > 50, `expected the sources under ${root}`);
    const docs = new Set(allCitations.map((c) => c.doc));
    assert.ok(docs.has('docs/aws-formats.md') && docs.has('docs/iac-patterns.md'), [...docs].join(', '));
    assert.ok(allCitations.length >= 40, `only ${allCitations.length} citations found`);
  });

  it('no comment cites aws-formats.md or iac-patterns.md without docs/, and none cites a bare §', () => {
    const plain = /(?<![\w/.-])(?:aws-formats|iac-patterns)\.md\b/;
    const offenders = scanned.flatMap((s) =>
      readFileSync(path.join(root, s.rel), 'utf8')
        .split('\n')
        .flatMap((l, i) => (plain.test(l) ? [`${s.rel}:${i + 1}: ${l.trim()}`] : [])),
    );
    assert.deepEqual(offenders, []);
    assert.deepEqual(
      scanned.flatMap((s) => s.unattributed),
      [],
    );
  });

  it('every cited document exists in the repository and has a heading for the cited section', () => {
    assert.deepEqual(problemsWith(allCitations, readRepoFile), []);
  });

  it('references between the documents in docs/ resolve (sections and #anchors)', () => {
    const docsDir = path.join(root, 'docs');
    const own = new Set(readdirSync(docsDir).filter((n) => n.endsWith('.md')));
    assert.ok(own.has('aws-formats.md') && own.has('iac-patterns.md'), [...own].join(', '));
    const problems: string[] = [];
    let checked = 0;
    for (const name of own) {
      readFileSync(path.join(docsDir, name), 'utf8')
        .split('\n')
        .forEach((line, i) => {
          const where = `docs/${name}:${i + 1}`;
          // `aws-formats.md §2.5` (or `[aws-formats.md §2.5](...)`); `../shared/docs/...` are outside sources.
          for (const m of line.matchAll(/(?<![\w/.-])([\w-]+\.md) §(\d+(?:\.\d+)*)/g)) {
            if (!own.has(m[1]!)) continue;
            checked++;
            if (!headingsOf(readFileSync(path.join(docsDir, m[1]!), 'utf8')).sections.has(m[2]!)) problems.push(`${where}: ${m[1]} §${m[2]}`);
          }
          for (const m of line.matchAll(/\]\(([\w-]+\.md)#([^)\s]+)\)/g)) {
            checked++;
            const target = own.has(m[1]!) ? readFileSync(path.join(docsDir, m[1]!), 'utf8') : undefined;
            if (!target || !headingsOf(target).anchors.has(m[2]!)) problems.push(`${where}: ${m[1]}#${m[2]}`);
          }
        });
    }
    assert.ok(checked >= 2, `only ${checked} references checked`);
    assert.deepEqual(problems, []);
  });
});
