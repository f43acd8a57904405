/**
 * The project's tolerant YAML reader against a full YAML parser (eemeli/yaml, a test-only oracle):
 * on every input the oracle reads without errors, both must give the same plain values. A gap here
 * is a value the recognisers and the cost model do not see (a merged instance type, a folded
 * string), so the comparison is strict: every difference that is accepted is normalised below,
 * with its reason.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { isCollection, parseAllDocuments, visit } from 'yaml';
import type { Node as OracleNode } from 'yaml';
import { listIacFiles } from '../../src/core/iac/scan-files';
import type { TreeNode } from '../../src/core/iac/tree';
import { parseYaml } from '../../src/core/iac/yaml-tree';
import { generatedTemplate } from '../bench/iac';
import { corpusDir, isExpectationFile } from './iac-corpus-files';
import { noise, pathologicalInputs, rng, shuffledLines } from './iac-fuzz-inputs';

type Plain = string | Plain[] | { [key: string]: Plain };

/** The reader's tree as plain values: maps to objects, lists to arrays, scalars to their string. */
export function treeToPlain(node: TreeNode | undefined): Plain {
  // An absent value (`key:`) is YAML's empty plain scalar, which the failsafe schema reads as ''.
  if (!node) return '';
  // Tags (`!Ref`, `!Sub`) are dropped on both sides: the oracle does not know them and resolves the
  // tagged node as if untagged, which is the content the reader keeps next to its tag.
  if (node.type === 'scalar') return node.value;
  if (node.type === 'list') return node.items.map(treeToPlain);
  if (node.type === 'map') {
    const out: { [key: string]: Plain } = {};
    for (const e of node.entries) {
      // The first entry of a key is the one findEntry returns; duplicates are errors for the oracle anyway.
      if (!Object.prototype.hasOwnProperty.call(out, e.key))
        Object.defineProperty(out, e.key, { value: treeToPlain(e.value), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  throw new Error(`a YAML tree holds no ${node.type}`);
}

/** Documents the reader and the oracle both hold values for; empty ones carry nothing to compare. */
function readerDocs(text: string): Plain[] {
  return (
    parseYaml(text)
      // Empty documents are dropped on both sides (see oracleDocs).
      .filter((d) => d.nodes.length > 0 && !(d.nodes.length === 1 && d.nodes[0]!.type === 'scalar' && d.nodes[0]!.value === ''))
      // More than one top-level node is the reader's recovery from a broken line: kept visible, so a
      // document the oracle reads cleanly but the reader splits shows up as a difference.
      .map((d) => (d.nodes.length === 1 ? treeToPlain(d.nodes[0]) : { '(reader: several nodes)': d.nodes.map(treeToPlain) }))
  );
}

interface OracleDoc {
  value: Plain;
  ok: boolean;
}

function oracleDocs(text: string): OracleDoc[] {
  // failsafe: every scalar stays a string, as the reader keeps them (no 1.0 -> 1, no ~ -> null).
  // merge: `<<` merge keys are the YAML 1.1 feature the reader implements for 1.2 files too, as tools do.
  const docs = parseAllDocuments(text, { schema: 'failsafe', merge: true, prettyErrors: false });
  if (!Array.isArray(docs)) return [];
  return (
    docs
      // A document that is nothing or an empty scalar carries no value; the reader drops empty
      // documents by design, so they would only shift the document count.
      .filter((d) => d.contents !== null && !(isEmptyScalar(d.contents) && d.errors.length === 0))
      .map((d) => {
        // A collection as a key cannot be an object key: the oracle stringifies it and warns; the
        // reader keeps only plain-scalar explicit keys, so such documents are not compared.
        let collectionKey = false;
        visit(d, {
          Pair(_, pair) {
            if (isCollection(pair.key)) collectionKey = true;
          },
        });
        let value: Plain = '';
        let ok = d.errors.length === 0 && !collectionKey;
        if (ok) {
          try {
            value = d.toJS() as Plain;
          } catch {
            ok = false;
          }
        }
        return { value: normaliseOracle(value), ok };
      })
  );
}

function isEmptyScalar(node: OracleNode | null): boolean {
  return node !== null && 'value' in node && node.value === '' && !('items' in node);
}

/** toJS gives null for an empty node inside collections under any schema: the reader's ''. */
function normaliseOracle(v: unknown): Plain {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map(normaliseOracle);
  if (typeof v === 'object') {
    const out: { [key: string]: Plain } = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>))
      Object.defineProperty(out, k, { value: normaliseOracle(x), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return String(v);
}

/** Compares every document of `text` the oracle reads cleanly; returns a difference or undefined. */
function differ(text: string, tally: Tally): string | undefined {
  const oracle = oracleDocs(text);
  const mine = readerDocs(text);
  if (oracle.every((d) => d.ok)) {
    tally.compared += oracle.length;
    try {
      assert.deepStrictEqual(
        mine,
        oracle.map((d) => d.value),
      );
    } catch (err) {
      return (err as Error).message;
    }
    return undefined;
  }
  // With errors, documents only line up when both sides found as many.
  if (oracle.length !== mine.length) {
    tally.skipped += oracle.length;
    return undefined;
  }
  for (let i = 0; i < oracle.length; i++) {
    if (!oracle[i]!.ok) {
      tally.skipped++;
      continue;
    }
    tally.compared++;
    try {
      assert.deepStrictEqual(mine[i], oracle[i]!.value);
    } catch (err) {
      return `document ${i}: ${(err as Error).message}`;
    }
  }
  return undefined;
}

interface Tally {
  compared: number;
  skipped: number;
  /** Differences found so far (bulk tests report them all at once, to show the whole gap). */
  failures?: string[];
}

function expectSame(label: string, text: string, tally: Tally = { compared: 0, skipped: 0 }): void {
  const diff = differ(text, tally);
  if (!diff) return;
  const message = `${label}: the reader and the oracle differ on ${JSON.stringify(text.length > 400 ? text.slice(0, 400) + '...' : text)}\n${diff}`;
  if (tally.failures) tally.failures.push(message);
  else assert.fail(message);
}

function bulk(): Required<Tally> {
  return { compared: 0, skipped: 0, failures: [] };
}

function assertNoFailures(tally: Required<Tally>): void {
  if (tally.failures.length > 0) assert.fail(`${tally.failures.length} differences; the first ones:\n\n${tally.failures.slice(0, 5).join('\n\n')}`);
}

async function corpusYaml(): Promise<string[]> {
  const { files } = await listIacFiles([corpusDir]);
  return files.filter((f) => !isExpectationFile(f) && /\.ya?ml$/.test(f));
}

describe('YAML reader against the yaml oracle', function () {
  this.timeout(60_000);

  it('reads every corpus YAML file as the oracle does', async () => {
    const files = await corpusYaml();
    assert.ok(files.length >= 15, `corpus YAML files: ${files.length}`);
    const tally = bulk();
    for (const file of files) expectSame(path.relative(corpusDir, file), readFileSync(file, 'utf8'), tally);
    assertNoFailures(tally);
    assert.equal(tally.skipped, 0, 'every corpus file is valid YAML');
  });

  it('reads every line-wise truncation and line-dropped version of the corpus files as the oracle does', async () => {
    const tally = bulk();
    for (const file of await corpusYaml()) {
      const lines = readFileSync(file, 'utf8').split('\n');
      for (let n = 0; n <= lines.length; n++) {
        expectSame(`${path.relative(corpusDir, file)} first ${n} lines`, lines.slice(0, n).join('\n'), tally);
        expectSame(`${path.relative(corpusDir, file)} without line ${n + 1}`, [...lines.slice(0, n), ...lines.slice(n + 1)].join('\n'), tally);
      }
    }
    assertNoFailures(tally);
    assert.ok(tally.compared > 500, `documents compared: ${tally.compared}`);
  });

  it('reads the generated and fuzz inputs of the tolerance test as the oracle does, where they are YAML', async () => {
    const tally = bulk();
    for (const [i, text] of pathologicalInputs.entries()) expectSame(`pathological input ${i}`, text, tally);
    const next = rng(6);
    const samples = (await corpusYaml()).map((f) => readFileSync(f, 'utf8').split('\n'));
    // Noise from YAML's own indicators, so that some of it is YAML.
    const yamlAlphabet = ' \n\n  "\'{}[],:#-|>!&*?abm5.x';
    for (let i = 0; i < 2000; i++) {
      expectSame(`noise ${i}`, noise(next, Math.floor(next() * 60), yamlAlphabet), tally);
      expectSame(`shuffled ${i}`, shuffledLines(next, samples[i % samples.length]!), tally);
    }
    expectSame('bench template', generatedTemplate(2_000), tally);
    assertNoFailures(tally);
    assert.ok(tally.compared > 500, `documents compared: ${tally.compared}`);
  });

  describe('merge keys', () => {
    const cases: [string, string][] = [
      ['one alias', 'base: &base\n  instanceType: m5.large\n  size: 2\nng:\n  <<: *base\n  name: web\n'],
      ['own keys win, wherever they are written', 'base: &base {instanceType: m5.large, size: 2}\nng:\n  size: 3\n  <<: *base\n  name: web\n'],
      ['a list of aliases: earlier ones win', 'a: &a {x: 1, y: a}\nb: &b {y: b, z: b}\nc:\n  <<: [*a, *b]\n  w: c\n'],
      ['an inline map', 'c:\n  <<: {x: 1}\n  y: 2\n'],
      [
        'in a sequence item',
        'defaults: &d\n  instanceType: m5.large\nnodeGroups:\n  - <<: *d\n    name: ng-1\n  - name: ng-2\n    <<: *d\n    instanceType: c5.xlarge\n',
      ],
      ['in a flow map', 'a: &a {x: 1}\nb: {<<: *a, y: 2}\n'],
      ['nested merges', 'a: &a {x: 1}\nb: &b\n  <<: *a\n  y: 2\nc:\n  <<: *b\n  z: 3\n'],
      ['plain aliases', 'size: &s m5.large\nother: *s\nlist: [*s, *s]\nitems:\n  - *s\n'],
      ['an anchor on a block map', 'a: &a\n  x: 1\nb: *a\n'],
      ['a redefined anchor: the latest wins', 'a: &x 1\nb: *x\nc: &x 2\nd: *x\n'],
    ];
    for (const [name, text] of cases) it(name, () => expectSame(name, text));

    it('keeps the offsets of the anchored text and reads an unknown alias as written', () => {
      const text = 'base: &base\n  instanceType: m5.large\nng:\n  <<: *base\n  name: web\nx: *nope\n';
      const root = parseYaml(text)[0]!.nodes[0]!;
      assert.equal(root.type, 'map');
      const ng = root.type === 'map' ? root.entries.find((e) => e.key === 'ng')!.value : undefined;
      assert.equal(ng?.type, 'map');
      const merged = ng?.type === 'map' ? ng.entries.find((e) => e.key === 'instanceType') : undefined;
      assert.ok(merged?.value);
      assert.equal(text.slice(merged.value.start, merged.value.end), 'm5.large');
      assert.equal(text.slice(merged.keyStart, merged.keyEnd), 'instanceType');
      assert.deepEqual(treeToPlain(root), { base: { instanceType: 'm5.large' }, ng: { instanceType: 'm5.large', name: 'web' }, x: '*nope' });
    });

    it('stays small on aliases that double at every level', () => {
      const t = Date.now();
      for (const text of pathologicalInputs.slice(-2)) parseYaml(text);
      assert.ok(Date.now() - t < 2_000, 'alias expansion is bounded');
    });
  });

  describe('explicit keys', () => {
    const cases: [string, string][] = [
      ['a plain key', '? instanceType\n: m5.large\nother: 1\n'],
      ['a quoted key', '? "instance type"\n: m5.large\n'],
      ['a key without a value', '? a\n? b\n: 2\n'],
      ['a block value', '? props\n:\n  instanceType: m5.large\n'],
      ['in a sequence item', 'items:\n  - ? a\n    : 1\n    b: 2\n'],
      ['value on the key line', 'a:\n  ? x\n  : y\n  z: w\n'],
    ];
    for (const [name, text] of cases) it(name, () => expectSame(name, text));
  });

  describe('block scalars', () => {
    const cases: [string, string][] = [
      ['literal', 'script: |\n  #!/bin/bash\n  echo m5.large\n\n  exit 0\nnext: 1\n'],
      ['literal, strip', 'a: |-\n  one\n  two\n\n\nb: 1\n'],
      ['literal, keep', 'a: |+\n  one\n\n\nb: 1\n'],
      ['keep, at the end', 'a: |+\n  one\n  \n   \n'],
      ['keep, no content', 'a: |+\n\n\nb: 1\n'],
      ['folded', 'a: >\n  one\n  two\n\n  three\n    more\n    indented\n  four\nb: 1\n'],
      ['folded, strip', 'InstanceType: >-\n  m5.large\nb: 1\n'],
      ['indentation indicator', 'a: |2\n    indented\n  less\nb: 1\n'],
      ['header comment', 'a: | # a comment\n  text\n'],
      ['in a sequence', '- |\n  one\n- >-\n  two\n  three\n'],
      ['tagged', 'UserData: !Base64 |\n  echo hi\n'],
      ['empty', 'a: |\nb: >-\nc: 1\n'],
      ['at the end of the text', 'a: |\n  one\n  two'],
      ['leading blank lines', 'a: |\n\n  one\n'],
      ['CRLF line ends', 'a: |\r\n  one\r\n  two\r\nb: >\r\n  x\r\n  y\r\n'],
    ];
    for (const [name, text] of cases) it(name, () => expectSame(name, text));

    it('keeps block scalars flagged as free text, over the raw text', () => {
      const text = 'UserData: |\n  echo m5.large\n';
      const node = parseYaml(text)[0]!.nodes[0]!;
      const v = node.type === 'map' ? node.entries[0]!.value : undefined;
      assert.ok(v?.type === 'scalar' && v.text);
      assert.equal(v.value, 'echo m5.large\n');
      assert.equal(text.slice(v.start, v.end), '  echo m5.large');
    });
  });

  describe('line breaks in flow and quoted scalars', () => {
    const cases: [string, string][] = [
      ['escaped line break', 'a: "m5.\\\n  large"\n'],
      ['escaped line break after spaces', 'a: "one \\\n    two"\n'],
      ['folded double-quoted', 'a: "one\n  two\n\n  three"\n'],
      ['folded single-quoted', "a: 'one\n  two''s\n\n\n  three'\n"],
      ['escapes', 'a: "tab\\there \\"quoted\\" \\\\ \\u00e9 \\x41 \\n"\n'],
      ['multi-line plain', 'a: one\n  two\n  three\nb: 1\n'],
      ['multi-line plain with an empty line', 'a: one\n\n  two\nb: 1\n'],
      ['multi-line flow sequence', 'a: [one,\n  two three,\n  "four\n  five"]\n'],
      ['multi-line plain in a flow sequence', 'a: [one\n  two, three]\n'],
      ['multi-line flow map', 'a: {x: 1,\n  y: "two\n   lines"}\n'],
      ['quoted keys with escapes', "\"a\\\"b\": 1\n'c''d': 2\n"],
      ['trailing spaces before a break', 'a: "one   \n  two"\n'],
    ];
    for (const [name, text] of cases) it(name, () => expectSame(name, text));

    it('keeps the offsets of the text as written', () => {
      const text = 'a: "m5.\\\n  large"\n';
      const node = parseYaml(text)[0]!.nodes[0]!;
      const v = node.type === 'map' ? node.entries[0]!.value : undefined;
      assert.ok(v?.type === 'scalar');
      assert.equal(v.value, 'm5.large');
      assert.equal(text.slice(v.start, v.end), 'm5.\\\n  large');
    });
  });
});
