import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { runDownload } from '../../src/core/download/download-run';
import type { DownloadRequest } from '../../src/core/download/download-run';
import { resolveEndpoint } from '../../src/core/download/endpoint';
import { createJsonLogger, silentLogger } from '../../src/core/logger';
import { startBulkPricingServer } from '../fakes/bulk-pricing-server';
import type { BulkPricingServer } from '../fakes/bulk-pricing-server';
import { writeFixtureTree } from '../fakes/fixture-tree';
import type { FixtureTree } from '../fakes/fixture-tree';
import { listFiles, partFiles, regionUrl, sha256File, tempDir } from './helpers';

describe('downloader core against the local bulk-pricing server', function () {
  this.timeout(60_000);
  let tree: FixtureTree;
  let server: BulkPricingServer;
  let out: string;
  let url: string;

  const request = (extra: Partial<DownloadRequest> = {}): DownloadRequest => ({
    endpoint: resolveEndpoint(server.url),
    outputDir: out,
    services: ['AmazonEC2'],
    regions: ['us-east-1'],
    format: 'json',
    savingsPlans: false,
    maxConcurrent: 4,
    retry: { retries: 3, minDelayMs: 10, maxDelayMs: 50 },
    timeouts: { connectMs: 2000, readMs: 2000 },
    totalTimeoutMs: 30_000,
    verifyLocal: 'full',
    logger: silentLogger,
    ...extra,
  });

  before(async () => {
    tree = await writeFixtureTree({ root: tempDir('core-fixture'), regions: ['us-east-1', 'eu-west-1'], regionBytes: 3_000_000 });
    server = await startBulkPricingServer({ root: tree.root });
    url = regionUrl(tree.root, 'AmazonEC2', 'us-east-1');
  });
  after(async () => {
    await server.close();
    rmSync(tree.root, { recursive: true, force: true });
  });
  beforeEach(() => {
    out = tempDir('core-out');
    server.clearFaults();
    server.requests.length = 0;
  });
  afterEach(() => rmSync(out, { recursive: true, force: true }));

  it('does not splice two versions: If-Range with a changed ETag gets the whole new file', async () => {
    const original = readFileSync(path.join(tree.root, url));
    const changed = Buffer.concat([original.subarray(0, original.length - 2), Buffer.from('\n}\n')]);
    server.setFault(url, { kind: 'reset', afterBytes: 1_000_000, times: 1 });
    try {
      const result = await runDownload(
        request({
          // AWS publishes a new version while we wait to retry.
          sleep: async () => server.putFile(url, changed),
        }),
      );
      assert.ok(result.ok, JSON.stringify(result.problems));
      const local = readFileSync(path.join(out, url));
      assert.ok(local.equals(changed), 'the new version, whole');
      const hits = server.requests.filter((r) => r.path === url);
      assert.equal(hits.length, 2);
      assert.ok(hits[1]!.headers['if-range'], 'asked to resume');
      assert.equal(hits[1]!.status, 200, 'server refused the range because the ETag changed');
      assert.equal(JSON.parse(readFileSync(path.join(out, url) + '.meta.json', 'utf8')).sha256, sha256File(path.join(out, url)));
    } finally {
      await server.putFile(url, original);
    }
  });

  it('cancellation keeps the old file and leaves no temporary file', async () => {
    assert.ok((await runDownload(request())).ok);
    const local = path.join(out, url);
    const before = sha256File(local);
    const original = readFileSync(path.join(tree.root, url));
    try {
      await server.putFile(url, Buffer.concat([original, Buffer.from('\n')]));
      server.setFault(url, { kind: 'trickle', bytesPerTick: 65536, intervalMs: 20 });
      const controller = new AbortController();
      const pending = runDownload(
        request({ signal: controller.signal, onProgress: (p) => p.bytesReceived > 300_000 && controller.abort(new Error('user cancelled')) }),
      );
      const result = await pending;
      assert.equal(result.cancelled, true);
      assert.equal(result.ok, false);
      assert.equal(result.files.find((f) => f.urlPath === url)?.status, 'cancelled');
      assert.equal(sha256File(local), before);
      assert.deepEqual(partFiles(out), []);
      const metrics = JSON.parse(readFileSync(path.join(out, '.metrics/latest.json'), 'utf8'));
      assert.equal(metrics.run.cancelled, true);
    } finally {
      await server.putFile(url, original);
    }
  });

  it('never shows a partial file at the final path', async () => {
    server.setFault(url, { kind: 'trickle', bytesPerTick: 131072, intervalMs: 5 });
    const local = path.join(out, url);
    const size = readFileSync(path.join(tree.root, url)).length;
    const seen: number[] = [];
    let done = false;
    const watcher = (async () => {
      while (!done) {
        if (existsSync(local)) {
          try {
            seen.push(readFileSync(local).length);
          } catch {
            // Renamed in between: fine.
          }
        }
        await new Promise((r) => setTimeout(r, 2));
      }
    })();
    const result = await runDownload(request());
    done = true;
    await watcher;
    assert.ok(result.ok);
    assert.ok(
      seen.every((n) => n === size),
      `saw sizes ${[...new Set(seen)].join(',')}`,
    );
  });

  it('writes nothing outside the output folder when an index tries to escape it', async () => {
    const evilRoot = tempDir('evil');
    const evil = await startBulkPricingServer({ root: evilRoot });
    const canary = path.join(path.dirname(out), 'pa-escape-canary.json');
    rmSync(canary, { force: true });
    try {
      mkdirSync(path.join(evilRoot, 'offers/v1.0/aws/Evil/current'), { recursive: true });
      writeFileSync(
        path.join(evilRoot, 'offers/v1.0/aws/index.json'),
        JSON.stringify({
          formatVersion: 'v1.0',
          offers: {
            Evil: {
              offerCode: 'Evil',
              currentVersionUrl: '/offers/v1.0/aws/Evil/current/index.json',
              currentRegionIndexUrl: '/offers/v1.0/aws/Evil/current/region_index.json',
            },
            '..': { offerCode: '..', currentVersionUrl: `/../../../${path.basename(canary)}` },
            Up: { offerCode: 'Up', currentVersionUrl: `/offers/../../../../${path.basename(canary)}` },
          },
        }),
      );
      writeFileSync(
        path.join(evilRoot, 'offers/v1.0/aws/Evil/current/region_index.json'),
        JSON.stringify({
          regions: {
            '../../x': { regionCode: '../../x', currentVersionUrl: '/x/index.json' },
            'us-east-1': { regionCode: 'us-east-1', currentVersionUrl: `/offers/v1.0/aws/Evil/1/%2e%2e/${path.basename(canary)}` },
          },
        }),
      );
      const lines: string[] = [];
      const result = await runDownload(
        request({
          endpoint: resolveEndpoint(evil.url),
          services: undefined,
          regions: undefined,
          logger: createJsonLogger({ level: 'warn', write: (l) => lines.push(l) }),
        }),
      );
      const resultRegions = await runDownload(request({ endpoint: resolveEndpoint(evil.url), services: ['Evil'], regions: ['us-east-1'] }));
      assert.equal(result.ok, false);
      assert.ok(
        result.problems.some((p) => /refused/.test(p.message)),
        JSON.stringify(result.problems),
      );
      assert.ok(lines.some((l) => /entry refused/.test(l)));
      assert.equal(resultRegions.ok, false);
      assert.ok(!existsSync(canary), 'nothing written outside');
      for (const f of listFiles(out)) assert.ok(!f.startsWith('..'), f);
      assert.ok(!server.requests.some((r) => r.path.includes('..')));
    } finally {
      await evil.close();
      rmSync(evilRoot, { recursive: true, force: true });
    }
  });

  it('reports progress with bytes, totals and files', async () => {
    const snapshots: Array<{ filesDone: number; filesTotal: number; bytesReceived: number; bytesExpected: number }> = [];
    const result = await runDownload(request({ regions: ['us-east-1', 'eu-west-1'], onProgress: (p) => snapshots.push(p) }));
    assert.ok(result.ok);
    const last = snapshots.at(-1)!;
    assert.equal(last.filesDone, last.filesTotal);
    assert.equal(
      last.bytesReceived,
      result.files.reduce((s, f) => s + f.bytes, 0),
    );
    assert.equal(last.bytesExpected, last.bytesReceived);
    assert.ok(
      snapshots.some((s) => s.bytesReceived > 0 && s.bytesReceived < last.bytesReceived),
      'intermediate updates',
    );
    for (let i = 1; i < snapshots.length; i++) assert.ok(snapshots[i]!.bytesReceived >= snapshots[i - 1]!.bytesReceived);
  });

  it('gives up on a file after its total time budget, and says so', async () => {
    server.setFault(url, { kind: 'trickle', bytesPerTick: 16384, intervalMs: 50 });
    const result = await runDownload(request({ totalTimeoutMs: 500 }));
    const file = result.files.find((f) => f.urlPath === url)!;
    assert.equal(file.status, 'failed');
    assert.match(file.error ?? '', /total time budget/);
    // Core names the knob, not a flag: each host words it (the CLI as --total-timeout, the editor as a setting).
    assert.deepEqual(file.remedy, { kind: 'option', option: 'totalTimeout' });
    assert.doesNotMatch(file.hint ?? '', /--/);
    assert.deepEqual(partFiles(out), []);
  });

  it('honours the concurrency limit', async () => {
    server.setFault(url, { kind: 'trickle', bytesPerTick: 262144, intervalMs: 5 });
    let peak = 0;
    const result = await runDownload(
      request({ maxConcurrent: 1, regions: ['us-east-1', 'eu-west-1'], savingsPlans: true, onProgress: (p) => (peak = Math.max(peak, p.active.length)) }),
    );
    assert.ok(result.ok);
    assert.equal(peak, 1);
  });
});
