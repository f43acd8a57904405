import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { buildIndex } from '../../src/core/prices/write/build-index';
import type { BuildProgress } from '../../src/core/prices/write/build-index';
import { startBulkPricingServer } from '../fakes/bulk-pricing-server';
import type { BulkPricingServer } from '../fakes/bulk-pricing-server';
import { regionLocation, writeEc2RegionOffer, writeFixtureTree } from '../fakes/fixture-tree';
import type { FixtureTree } from '../fakes/fixture-tree';
import { cliPath, listFiles, runCli, tempDir } from './helpers';
import { partPath, storeFolder } from '../../src/core/prices/store-layout';

const regions = ['us-east-1', 'eu-west-1'];

describe('price-atlas index / price / compare (CLI, downloaded mirror)', function () {
  this.timeout(60_000);
  let tree: FixtureTree;
  let server: BulkPricingServer;
  let work: string;

  before(async () => {
    tree = await writeFixtureTree({ root: tempDir('fixture'), regions });
    server = await startBulkPricingServer({ root: tree.root });
    work = tempDir('work');
    const dl = await runCli(['download', '--endpoint', server.url, '--services', 'AmazonEC2,AmazonRDS', '--regions', 'us-east-1', 'eu-west-1'], { cwd: work });
    assert.equal(dl.code, 0, dl.stderr + dl.stdout);
  });
  after(async () => {
    await server.close();
    rmSync(tree.root, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  it('indexes the mirror with no arguments (EC2, RDS and Savings Plans per region) and reports each file', async () => {
    const run = await runCli(['index', '--json'], { cwd: work });
    assert.equal(run.code, 0, run.stderr);
    const out = JSON.parse(run.stdout) as {
      store: string;
      files: { offerCode: string; regions: { region: string; entries: number }[]; sha256: string }[];
      failures: unknown[];
    };
    assert.equal(out.store, path.join(work, '.aws-pricing', '.index'));
    assert.deepEqual(out.failures, []);
    assert.deepEqual(out.files.map((f) => f.offerCode).sort(), [
      'AWSComputeSavingsPlan',
      'AWSComputeSavingsPlan',
      'AmazonEC2',
      'AmazonEC2',
      'AmazonRDS',
      'AmazonRDS',
    ]);
    for (const f of out.files) {
      assert.equal(f.regions.length, 1);
      assert.ok(f.regions[0].entries > 0);
      // The hash is the downloader's, read from the sidecar the mirror keeps.
      assert.match(f.sha256, /^[0-9a-f]{64}$/);
    }
    // `verify` still sees only the mirror: the store is a dot-folder inside it.
    const verify = await runCli(['verify'], { cwd: work });
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
  });

  it('price --json prints the documented shape with numbers as numbers', async () => {
    await runCli(['index'], { cwd: work });
    const run = await runCli(['price', 'm5.large', '--region', 'us-east-1', '--json'], { cwd: work });
    assert.equal(run.code, 0, run.stderr);
    const p = JSON.parse(run.stdout) as Record<string, unknown> & {
      onDemand: { hourly: number };
      reserved: Record<string, unknown>[];
      savingsPlans: Record<string, unknown>[];
      specs: Record<string, unknown>;
      source: Record<string, unknown>;
    };
    assert.equal(p.size, 'm5.large');
    assert.equal(p.kind, 'ec2');
    assert.equal(p.region, 'us-east-1');
    assert.equal(p.currency, 'USD');
    assert.equal(p.os, 'Linux');
    assert.equal(p.tenancy, 'Shared');
    assert.equal(p.onDemand.hourly, 0.096);
    assert.equal(p.reserved.length, 12);
    for (const r of p.reserved) {
      assert.deepEqual(Object.keys(r), ['term', 'class', 'purchase', 'hourly', 'upfront', 'effectiveHourly']);
      assert.equal(typeof r.effectiveHourly, 'number');
    }
    assert.ok(p.savingsPlans.length > 0);
    assert.equal(p.specs.vcpu, 2);
    assert.equal(p.specs.memoryGiB, 8);
    assert.deepEqual(Object.keys(p.source).slice(0, 3), ['offerCode', 'version', 'publicationDate']);
    assert.equal(p.source.version, tree.version);

    const windows = JSON.parse((await runCli(['price', 'm5.large', '--region', 'us-east-1', '--os', 'Windows', '--json'], { cwd: work })).stdout) as {
      onDemand: { hourly: number };
      os: string;
    };
    assert.equal(windows.os, 'Windows');
    assert.ok(windows.onDemand.hourly > 0.096);

    const human = await runCli(['price', 'm5.large', '--region', 'eu-west-1'], { cwd: work });
    assert.equal(human.code, 0, human.stderr);
    assert.match(human.stdout, /m5\.large in eu-west-1/);
    assert.match(human.stdout, /On-Demand: \$0\.\d{4}\/h · \$\d+\.\d{2}\/month \(730 h\)/);
    assert.match(human.stdout, /3yr\s+standard\s+All Upfront/);
  });

  it('a size or region not in the store: exit 1, what is missing and the commands that get it', async () => {
    await runCli(['index'], { cwd: work });
    const region = await runCli(['price', 'm5.large', '--region', 'ap-southeast-3'], { cwd: work });
    assert.equal(region.code, 1);
    assert.match(region.stderr, /No prices for region ap-southeast-3/);
    assert.match(region.stderr, /price-atlas download --services AmazonEC2 --regions ap-southeast-3 && price-atlas index/);
    const size = await runCli(['price', 'x9.mega', '--region', 'us-east-1'], { cwd: work });
    assert.equal(size.code, 1);
    assert.match(size.stderr, /x9\.mega is not in the AmazonEC2 offer for us-east-1/);
    const usage = await runCli(['price', '--region', 'us-east-1'], { cwd: work });
    assert.equal(usage.code, 2);
  });

  it('the command a price miss suggests runs as printed, in a shell, and then the price is there', async () => {
    // A fresh folder whose store path needs quoting; `price-atlas` on PATH as a user installs it.
    const fresh = path.join(tempDir('hint'), "Jo's work");
    const bin = path.join(fresh, '..', 'bin');
    mkdirSync(fresh, { recursive: true });
    mkdirSync(bin);
    writeFileSync(path.join(bin, 'price-atlas'), `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(cliPath)} "$@"\n`, { mode: 0o755 });
    const store = path.join(fresh, 'my store');
    const env = { PRICE_ATLAS_ENDPOINT: server.url, PATH: `${bin}:${process.env.PATH}` };
    const miss = await runCli(['price', 'm5.large', '--region', 'eu-west-1', '--store', store], { cwd: fresh, env });
    assert.equal(miss.code, 1);
    const fix = /Download and index the region: (.*?) \(or /.exec(miss.stderr)?.[1];
    assert.ok(fix, miss.stderr);
    // Asynchronously: the fake server answers from this process.
    const shell = await new Promise<{ status: number | null; output: string }>((resolve) => {
      const child = spawn('/bin/sh', ['-c', fix], { cwd: fresh, env: { ...process.env, ...env } });
      let output = '';
      child.stdout.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      child.on('close', (status) => resolve({ status, output }));
    });
    assert.equal(shell.status, 0, shell.output);
    const hit = await runCli(['price', 'm5.large', '--region', 'eu-west-1', '--store', store, '--json'], { cwd: fresh, env });
    assert.equal(hit.code, 0, hit.stderr);
    assert.equal((JSON.parse(hit.stdout) as { region: string }).region, 'eu-west-1');
  });

  it('compare prints a table of hourly, monthly, per vCPU, per GiB, best RI and best SP', async () => {
    await runCli(['index'], { cwd: work });
    const run = await runCli(['compare', 'm5.large', 't3.micro', 'r7g.medium', '--region', 'us-east-1'], { cwd: work });
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.trim().split('\n');
    assert.match(lines[0], /size\s+vCPU\s+GiB\s+hourly\s+monthly \(730 h\)\s+per vCPU-h\s+per GiB-h\s+best RI \(effective\/h\)\s+best SP/);
    assert.equal(lines.length, 4);
    assert.match(lines[1], /^m5\.large\s+2\s+8\s+\$0\.0960\s+\$70\.08\s+\$0\.04800\s+\$0\.01200\s+\$0\.\d{4} 3yr standard All Upfront/);
    const json = JSON.parse((await runCli(['compare', 'm5.large', 'nope.large', '--region', 'us-east-1', '--json'], { cwd: work })).stdout) as {
      sizes: { size: string; monthly: number }[];
      missing: { size: string }[];
    };
    assert.deepEqual(
      json.sizes.map((s) => [s.size, s.monthly]),
      [['m5.large', 70.08]],
    );
    assert.deepEqual(
      json.missing.map((m) => m.size),
      ['nope.large'],
    );
  });

  it('index refuses a folder without offer files and names what to download', async () => {
    const empty = tempDir('empty');
    try {
      const run = await runCli(['index', empty, '--store', path.join(empty, 's')], { cwd: work });
      assert.equal(run.code, 2);
      assert.match(run.stderr, /no regional offer files/);
      assert.match(run.stderr, /price-atlas download --services AmazonEC2 --regions us-east-1/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('buildIndex on worker threads', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => {
    dir = tempDir('build');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const offer = async (name: string, bytes: number): Promise<string> => {
    const file = path.join(dir, 'offers', 'v1.0', 'aws', 'AmazonEC2', '20250912225308', 'us-east-1', name);
    mkdirSync(path.dirname(file), { recursive: true });
    await writeEc2RegionOffer(file, {
      region: 'us-east-1',
      location: regionLocation('us-east-1'),
      version: '20250912225308',
      publicationDate: '2025-09-12T22:53:08Z',
      targetBytes: bytes,
    });
    return file;
  };

  it('reports progress per file, and one bad file does not stop the others', async () => {
    const good = await offer('index.json', 3_000_000);
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, readFileSync(good).subarray(0, 100_000));
    const progress: BuildProgress[] = [];
    const store = path.join(dir, 'store');
    const result = await buildIndex([bad, good], { store, workers: 2, onProgress: (p) => progress.push(p) });
    assert.equal(result.results.length, 1);
    assert.equal(result.failures.length, 1);
    assert.equal(result.failures[0].file, bad);
    assert.match(result.failures[0].message, /ends early/);
    assert.ok(progress.length >= 2);
    const last = progress[progress.length - 1];
    assert.equal(last.filesDone, 2);
    assert.equal(last.bytesRead, last.totalBytes);
    assert.ok(readdirSync(path.join(store, storeFolder, 'us-east-1')).includes('AmazonEC2.idx'));
  });

  it('cancellation stops the worker, leaves no temporary file and keeps the previous part', async () => {
    const small = await offer('index.json', 300_000);
    const store = path.join(dir, 'store');
    const first = await buildIndex([small], { store });
    assert.equal(first.failures.length, 0);
    const part = partPath(store, 'us-east-1', 'AmazonEC2');
    const before = readFileSync(part);

    const big = path.join(dir, 'big', 'us-east-1', 'index.json');
    mkdirSync(path.dirname(big), { recursive: true });
    await writeEc2RegionOffer(big, {
      region: 'us-east-1',
      location: regionLocation('us-east-1'),
      version: '20260101000000',
      publicationDate: '2026-01-01T00:00:00Z',
      targetBytes: 40_000_000,
    });
    const controller = new AbortController();
    const result = await buildIndex([big], { store, signal: controller.signal, onProgress: () => controller.abort() });
    assert.equal(result.cancelled, true);
    assert.equal(result.results.length, 0);
    assert.deepEqual(readFileSync(part), before);
    assert.deepEqual(
      listFiles(path.join(store, storeFolder)).filter((f) => !f.endsWith('.idx')),
      [],
    );
  });
});
