/**
 * Files being typed are broken most of the time: recognisers must never throw, never loop, and
 * only report ranges inside the text, whatever they are given. Every corpus file is cut at many
 * points and fed back, plus garbage, binary-ish noise and pathological nesting. Uses
 * `recogniseOrThrow` (no safety net), so a throwing recogniser fails here instead of silently
 * returning nothing in the editor.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { listIacFiles } from '../../src/core/iac/scan-files';
import { collectFacts, recogniseOrThrow } from '../../src/core/iac/recognise';
import { parseHcl } from '../../src/core/iac/hcl-tree';
import { parseJson } from '../../src/core/iac/json-tree';
import { parseYaml } from '../../src/core/iac/yaml-tree';
import { corpusDir, isExpectationFile } from './iac-corpus-files';
import { noise, pathologicalInputs, rng, shuffledLines } from './iac-fuzz-inputs';

function check(fileName: string, text: string): void {
  let scan;
  try {
    scan = recogniseOrThrow({ fileName, text });
    collectFacts(fileName, text);
  } catch (err) {
    assert.fail(`${fileName} threw on ${JSON.stringify(text.slice(-80))}: ${(err as Error).stack}`);
  }
  for (const f of scan.findings) {
    assert.ok(f.offsets.start >= 0 && f.offsets.end <= text.length && f.offsets.start < f.offsets.end, `${fileName}: range inside the text`);
    assert.equal(text.slice(f.offsets.start, f.offsets.end), f.token);
  }
}

const names = [
  'main.tf',
  'vars.tfvars',
  'terragrunt.hcl',
  'build.pkr.hcl',
  'template.yaml',
  'template.json',
  'stack.ts',
  'app.py',
  'Pulumi.dev.yaml',
  'serverless.yml',
  'values.yaml',
  'roles/x/tasks/main.yml',
];

describe('IaC recognisers on broken input', function () {
  this.timeout(60_000);

  it('never throw on any truncation of the corpus files', async () => {
    const { files } = await listIacFiles([corpusDir]);
    let runs = 0;
    for (const file of files.filter((f) => !isExpectationFile(f))) {
      const text = readFileSync(file, 'utf8');
      const step = Math.max(1, Math.floor(text.length / 100));
      for (let cut = 0; cut <= text.length; cut += step) {
        check(file, text.slice(0, cut));
        // A hole in the middle: a line being rewritten.
        check(file, text.slice(0, cut) + text.slice(Math.min(text.length, cut + 17)));
        runs += 2;
      }
    }
    assert.ok(runs > 5000, `runs: ${runs}`);
  });

  it('never throw on shuffled lines and random garbage, under every file name', () => {
    const next = rng(6);
    const sample = readFileSync(path.join(corpusDir, 'terraform/basic/main.tf'), 'utf8').split('\n');
    for (let i = 0; i < 300; i++) {
      const garbage = noise(next, Math.floor(next() * 400));
      const shuffled = shuffledLines(next, sample);
      for (const name of names) {
        check(name, garbage);
        check(name, shuffled + garbage);
      }
    }
  });

  it('survive pathological nesting and huge lines', () => {
    for (const text of pathologicalInputs) {
      for (const name of names) check(name, text);
      // Programs are only read when they import an IaC library: give them one.
      check('stack.ts', `import * as cdk from 'aws-cdk-lib';\n${text}`);
      check('app.py', `import aws_cdk\n${text}`);
      parseHcl(text);
      parseJson(text);
      parseYaml(text);
    }
  });
});
