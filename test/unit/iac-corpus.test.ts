/**
 * The IaC corpus (test/fixtures/iac/<format>/...): every file is recognised the way `price-atlas
 * scan` does it (with its folder's region facts) and compared exactly with `<file>.expect.json`:
 * - `findings`: every size reported, in order, with position (1-based line:column of the size's
 *   first character), token, resolved name, kind, role, region code, count and owning resource;
 * - `absent`: sizes written in the file that must NOT be reported (comments, descriptions, tags,
 *   scripts, other clouds...), each with the line it is on and why; the test checks the text really
 *   is there, so a negative cannot pass by being deleted from the fixture.
 * After a deliberate rule change, `UPDATE_IAC_EXPECT=1` rewrites `findings` (keeping `absent`);
 * review the diff before committing it.
 */
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { listIacFiles } from '../../src/core/iac/scan-files';
import type { ScannedFile } from '../../src/core/iac/scan-files';
import { asExpected, corpusDir, expectationPath, isExpectationFile, scanCorpus } from './iac-corpus-files';
import type { Expectation } from './iac-corpus-files';

describe('IaC corpus: recognisers against hand-checked expectations', function () {
  this.timeout(20_000);
  let scanned: ScannedFile[];
  before(async () => {
    scanned = await scanCorpus();
  });

  it('has an expectation for every corpus file, and a file for every expectation', async () => {
    assert.ok(scanned.length >= 30, `corpus files: ${scanned.length}`);
    for (const s of scanned)
      assert.ok(existsSync(expectationPath(s.file)) || process.env.UPDATE_IAC_EXPECT === '1', `missing ${path.relative(corpusDir, expectationPath(s.file))}`);
    const { files } = await listIacFiles([corpusDir]);
    for (const e of files.filter(isExpectationFile)) assert.ok(existsSync(e.slice(0, -'.expect.json'.length)), `orphan ${e}`);
  });

  it('covers every format', () => {
    const formats = new Set(scanned.map((s) => s.scan.format));
    for (const f of [
      'terraform',
      'tfvars',
      'terragrunt',
      'cloudformation',
      'serverless',
      'cdk',
      'pulumi',
      'kubernetes',
      'helm',
      'karpenter',
      'eksctl',
      'ansible',
      'packer',
      'crossplane',
    ]) {
      assert.ok(formats.has(f as never), `no ${f} file in the corpus`);
    }
  });

  it('reports exactly the expected findings, file by file', () => {
    const failures: string[] = [];
    for (const s of scanned) {
      const file = expectationPath(s.file);
      const actual = s.scan.findings.map(asExpected);
      const previous: Expectation | undefined = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
      if (process.env.UPDATE_IAC_EXPECT === '1') {
        const next: Expectation = { format: s.scan.format, findings: actual, absent: previous?.absent ?? [] };
        writeFileSync(file, JSON.stringify(next, null, 2) + '\n');
        continue;
      }
      const rel = path.relative(corpusDir, s.file);
      try {
        assert.equal(s.scan.format, previous!.format, `${rel}: format`);
        assert.deepEqual(actual, previous!.findings, `${rel}: findings`);
      } catch (err) {
        failures.push((err as Error).message);
      }
    }
    assert.deepEqual(failures, []);
  });

  it('positions point at the size in the text, inside any quotes', () => {
    for (const s of scanned) {
      const text = readFileSync(s.file, 'utf8');
      for (const f of s.scan.findings) {
        assert.equal(text.slice(f.offsets.start, f.offsets.end), f.token, `${s.file} ${f.token}`);
        const line = text.split(/\r?\n/)[f.range.start.line]!;
        assert.equal(
          line.slice(f.range.start.character, f.range.start.character + f.token.split('\n')[0]!.length),
          f.token.split('\n')[0],
          `${s.file} ${f.token}`,
        );
        if (f.form === 'literal') assert.match(line[f.range.start.character - 1] ?? ' ', /["'\s:=,[{(]/, `${s.file} ${f.token} starts its value`);
      }
    }
  });

  it('does not report the negatives, which are really in the files', () => {
    let negatives = 0;
    for (const s of scanned) {
      const expectation: Expectation = JSON.parse(readFileSync(expectationPath(s.file), 'utf8'));
      const lines = readFileSync(s.file, 'utf8').split(/\r?\n/);
      const rel = path.relative(corpusDir, s.file);
      for (const a of expectation.absent) {
        negatives++;
        const line = lines[a.line - 1] ?? '';
        assert.ok(line.includes(a.token), `${rel}:${a.line} should contain ${a.token} (${a.why})`);
        // No finding may start inside any occurrence of the text on that line.
        for (let at = line.indexOf(a.token); at >= 0; at = line.indexOf(a.token, at + 1)) {
          const reported = s.scan.findings.filter(
            (f) => f.range.start.line === a.line - 1 && f.range.start.character >= at && f.range.start.character < at + a.token.length,
          );
          assert.deepEqual(reported.map(asExpected), [], `${rel}:${a.line} ${a.token} must not be reported (${a.why})`);
        }
      }
    }
    assert.ok(negatives >= 60, `negatives checked: ${negatives}`);
  });
});
