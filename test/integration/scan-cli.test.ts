import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { indexOfferFile } from '../../src/core/prices/write/index-offer-file';
import { regionLocation, writeEc2RegionOffer } from '../fakes/fixture-tree';
import { corpusDir, expectationPath, isExpectationFile } from '../unit/iac-corpus-files';
import type { Expectation } from '../unit/iac-corpus-files';
import { listIacFiles } from '../../src/core/iac/scan-files';
import { cliPath, runCli, tempDir } from './helpers';

interface JsonRow {
  file: string;
  line: number;
  column: number;
  token: string;
  resolved: string;
  kind: string;
  region: string | null;
  [extra: string]: unknown;
}

function write(root: string, rel: string, text: string): void {
  const file = path.join(root, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

describe('price-atlas scan (bundled CLI)', function () {
  this.timeout(60_000);
  before(function () {
    if (!existsSync(cliPath)) throw new Error(`${cliPath} is missing: run npm run build first`);
  });

  it('prints every corpus finding as JSON: 1-based line, column of the size inside its quotes, region or null', async () => {
    const run = await runCli(['scan', '.', '--json'], { cwd: corpusDir });
    assert.equal(run.code, 0, run.stderr);
    const rows = JSON.parse(run.stdout) as JsonRow[];
    for (const row of rows) assert.deepEqual(Object.keys(row), ['file', 'line', 'column', 'token', 'resolved', 'kind', 'region']);
    const { files } = await listIacFiles([corpusDir]);
    const expected: JsonRow[] = [];
    for (const file of files.filter((f) => !isExpectationFile(f))) {
      const e: Expectation = JSON.parse(readFileSync(expectationPath(file), 'utf8'));
      const rel = path.relative(corpusDir, file);
      for (const f of e.findings) {
        const [line, column] = f.at.split(':').map(Number);
        expected.push({ file: rel, line: line!, column: column!, token: f.token, resolved: f.resolved, kind: f.kind, region: f.region });
      }
    }
    assert.deepEqual(rows, expected);
    assert.ok(rows.length >= 100, `rows: ${rows.length}`);
    // Spot checks against the text itself.
    const text = readFileSync(path.join(corpusDir, 'cloudformation/web.yaml'), 'utf8').split('\n');
    const db = rows.find((r) => r.file === 'cloudformation/web.yaml' && r.token === 'db.m7g.large')!;
    assert.equal(text[db.line - 1]![db.column - 2], "'", 'column is inside the quotes');
    assert.equal(text[db.line - 1]!.slice(db.column - 1, db.column - 1 + db.token.length), 'db.m7g.large');
  });

  it('walks folders, skipping dependencies, dot-folders and tool caches; prints a table per file', async () => {
    const root = tempDir('scan-walk');
    try {
      const tf = (size: string): string => `resource "aws_instance" "a" {\n  instance_type = "${size}"\n}\n`;
      write(root, 'infra/main.tf', tf('m5.large'));
      for (const skipped of ['node_modules/mod', '.git/x', '.terraform/modules/m', '.terragrunt-cache/abc', 'cdk.out', 'infra/.terraform']) {
        write(root, `${skipped}/skip.tf`, tf('c5.large'));
      }
      write(root, 'infra/README.md', 'instance_type = "r5.large"\n');
      const json = await runCli(['scan', root, '--json'], { cwd: root });
      assert.equal(json.code, 0, json.stderr);
      assert.deepEqual(
        (JSON.parse(json.stdout) as JsonRow[]).map((r) => [r.file, r.line, r.column, r.token]),
        [['infra/main.tf', 2, 20, 'm5.large']],
      );
      const human = await runCli(['scan', 'infra'], { cwd: root });
      assert.equal(human.code, 0, human.stderr);
      assert.match(
        human.stdout,
        /^infra\/main\.tf \(terraform\)\n {2}LINE:COL +SIZE +KIND +REGION +ROLE +RESOURCE\n {2}2:20 +m5\.large +ec2 +- +value +aws_instance\.a\n/,
      );
      assert.match(human.stdout, /1 size in 1 file \(1 scanned\)/);
      // A dot-folder named explicitly is scanned: only walking skips it.
      const explicit = await runCli(['scan', '.terraform', '--json'], { cwd: root });
      assert.equal((JSON.parse(explicit.stdout) as JsonRow[]).length, 1);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('exits 2 on usage errors and 1 on unreadable paths, which it names while scanning the rest', async () => {
    const root = tempDir('scan-exit');
    try {
      write(root, 'a.tf', 'resource "aws_instance" "a" {\n  instance_type = "t3.micro"\n}\n');
      const none = await runCli(['scan'], { cwd: root });
      assert.equal(none.code, 2);
      assert.match(none.stderr, /scan takes one or more files or folders/);
      assert.equal((await runCli(['scan', 'a.tf', '--bogus'], { cwd: root })).code, 2);
      const region = await runCli(['scan', 'a.tf', '--region', 'mars-1'], { cwd: root });
      assert.equal(region.code, 2);
      assert.match(region.stderr, /--region "mars-1" is not a region code/);
      const store = await runCli(['scan', 'a.tf', '--store', 'no-such-store'], { cwd: root });
      assert.equal(store.code, 2);
      assert.match(store.stderr, /--store no-such-store is not a folder/);
      const missing = await runCli(['scan', 'missing.tf', 'a.tf', '--json'], { cwd: root });
      assert.equal(missing.code, 1);
      assert.match(missing.stderr, /cannot read missing\.tf: ENOENT/);
      assert.deepEqual(
        (JSON.parse(missing.stdout) as JsonRow[]).map((r) => r.token),
        ['t3.micro'],
      );
      const empty = await runCli(['scan', '.', '--json'], { cwd: tempDir('scan-empty') });
      assert.equal(empty.code, 0);
      assert.deepEqual(JSON.parse(empty.stdout), []);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  describe('with --store', () => {
    let root: string;
    let store: string;
    before(async () => {
      root = tempDir('scan-store');
      const offer = path.join(root, 'mirror', 'AmazonEC2', '20250912225308', 'us-east-1', 'index.json');
      mkdirSync(path.dirname(offer), { recursive: true });
      await writeEc2RegionOffer(offer, {
        region: 'us-east-1',
        location: regionLocation('us-east-1'),
        version: '20250912225308',
        publicationDate: '2025-09-12T22:53:08Z',
        instanceTypes: ['m5.large', 't3.micro'],
      });
      store = path.join(root, 'store');
      await indexOfferFile(offer, store);
      write(
        root,
        'iac/main.tf',
        [
          'provider "aws" {',
          '  region = "us-east-1"',
          '}',
          'resource "aws_instance" "web" {',
          '  count         = 2',
          '  instance_type = "m5.large"',
          '}',
          'resource "aws_instance" "either" {',
          '  instance_type = var.big ? "m5.large" : "t3.micro"',
          '}',
          'resource "aws_instance" "unknown" {',
          '  instance_type = "c5.large"',
          '}',
          'resource "aws_db_instance" "db" {',
          '  instance_class = "db.t3.micro"',
          '}',
          '',
        ].join('\n'),
      );
      write(root, 'iac/values.yaml', 'nodeSelector:\n  node.kubernetes.io/instance-type: t3.micro\n');
    });
    after(() => rmSync(root, { recursive: true, force: true }));

    it('adds prices to the JSON: hourly, monthly (730 h x count), the region priced', async () => {
      const run = await runCli(['scan', 'iac', '--store', store, '--json'], { cwd: root });
      assert.equal(run.code, 0, run.stderr);
      const rows = JSON.parse(run.stdout) as JsonRow[];
      const web = rows.find((r) => r.line === 6)!;
      assert.equal(web.count, 2);
      assert.equal(web.role, 'value');
      assert.equal(web.pricedRegion, 'us-east-1');
      assert.ok(typeof web.hourly === 'number' && web.hourly > 0);
      assert.equal(web.monthly, (web.hourly as number) * 730 * 2);
      const unknown = rows.find((r) => r.token === 'c5.large')!;
      assert.equal(unknown.hourly, null);
      assert.equal(unknown.monthly, null);
      const pod = rows.find((r) => r.file === 'iac/values.yaml')!;
      assert.equal(pod.region, null, 'the file sets no region');
      assert.equal(pod.pricedRegion, 'us-east-1', 'priced in the default region');
      assert.ok((pod.hourly as number) > 0);
      const west = await runCli(['scan', 'iac/values.yaml', '--store', store, '--region', 'eu-west-1', '--json'], { cwd: root });
      const [westPod] = JSON.parse(west.stdout) as JsonRow[];
      assert.equal(westPod!.pricedRegion, 'eu-west-1');
      assert.equal(westPod!.hourly, null, 'the store has no eu-west-1 prices');
    });

    it('prints per-file totals of deployed sizes and a grand total, and says which regions it assumed', async () => {
      const json = JSON.parse((await runCli(['scan', 'iac', '--store', store, '--json'], { cwd: root })).stdout) as JsonRow[];
      const m5 = json.find((r) => r.line === 6)!.hourly as number;
      const t3 = json.find((r) => r.file === 'iac/values.yaml')!.hourly as number;
      const money = (n: number): string => `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
      const run = await runCli(['scan', 'iac', '--store', store], { cwd: root });
      assert.equal(run.code, 0, run.stderr);
      const out = run.stdout;
      assert.match(out, /LINE:COL +SIZE +KIND +REGION +ROLE +COUNT +HOURLY +MONTHLY +RESOURCE/);
      // main.tf: only aws_instance.web is a deployed, priced size; the conditional's two branches are alternatives.
      assert.ok(out.includes(`  total ${money(m5 * 730 * 2)}/month (2 alternatives or options not added up; 2 without a price)\n`), out);
      assert.ok(out.includes(`  total ${money(t3 * 730)}/month\n`), out);
      assert.ok(out.includes(`grand total ${money(m5 * 730 * 2 + t3 * 730)}/month`), out);
      assert.match(out, /us-east-1\* +value +1 /);
      assert.match(out, /\* the file does not set a region: priced in us-east-1 \(--region to change\)/);
      assert.match(out, /no price: c5\.large is not in the AmazonEC2 offer for us-east-1/);
      assert.match(out, /no price: .*AmazonRDS/);
    });
  });
});
