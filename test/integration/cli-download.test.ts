import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { startBulkPricingServer } from '../fakes/bulk-pricing-server';
import type { BulkPricingServer, Fault } from '../fakes/bulk-pricing-server';
import { writeFixtureTree } from '../fakes/fixture-tree';
import type { FixtureTree } from '../fakes/fixture-tree';
import { dataFiles, fastRetry, listFiles, partFiles, regionUrl, runCli, sha256File, tempDir } from './helpers';

const regions = ['us-east-1', 'eu-west-1', 'ap-southeast-3'];

function sameBytes(a: string, b: string): boolean {
  return sha256File(a) === sha256File(b);
}

describe('price-atlas download (CLI against the local bulk-pricing server)', function () {
  this.timeout(60_000);
  let tree: FixtureTree;
  let server: BulkPricingServer;
  let out: string;
  let ec2East: string;

  before(async () => {
    tree = await writeFixtureTree({ root: tempDir('fixture'), regions, regionBytes: 2_000_000 });
    server = await startBulkPricingServer({ root: tree.root });
    ec2East = regionUrl(tree.root, 'AmazonEC2', 'us-east-1');
  });
  after(async () => {
    await server.close();
    rmSync(tree.root, { recursive: true, force: true });
  });
  beforeEach(() => {
    out = tempDir('out');
    server.clearFaults();
    server.requests.length = 0;
  });
  afterEach(() => rmSync(out, { recursive: true, force: true }));

  const download = (...extra: Array<string | Parameters<typeof runCli>[1]>) => {
    const flags = extra.filter((e): e is string => typeof e === 'string');
    const options = extra.find((e) => typeof e === 'object') as Parameters<typeof runCli>[1] | undefined;
    return runCli(
      ['download', '--endpoint', server.url, '--output-dir', out, '--services', 'AmazonEC2', '--regions', 'us-east-1', 'eu-west-1', ...fastRetry, ...flags],
      options,
    );
  };

  const expectMirrorOf = (urlPaths: string[]): void => {
    for (const urlPath of urlPaths) {
      const local = path.join(out, urlPath);
      assert.ok(existsSync(local), `${urlPath} mirrored`);
      assert.ok(sameBytes(local, path.join(tree.root, urlPath)), `${urlPath} byte-identical`);
    }
    assert.deepEqual(partFiles(out), [], 'no temporary file left');
  };

  it('mirrors the region files, their indexes and Savings Plans files, with sidecars and metrics', async () => {
    const run = await download();
    assert.equal(run.code, 0, run.stderr + run.stdout);
    const files = dataFiles(out);
    const spIndex = JSON.parse(readFileSync(path.join(tree.root, 'savingsPlan/v1.0/aws/AWSComputeSavingsPlan/current/region_index.json'), 'utf8'));
    const spEast = spIndex.regions.find((r: { regionCode: string }) => r.regionCode === 'us-east-1').versionUrl as string;
    const expected = [
      '/offers/v1.0/aws/index.json',
      '/offers/v1.0/aws/AmazonEC2/current/region_index.json',
      '/offers/v1.0/aws/AmazonEC2/index.json',
      ec2East,
      regionUrl(tree.root, 'AmazonEC2', 'eu-west-1'),
      spEast,
    ];
    expectMirrorOf(expected);
    assert.ok(!files.some((f) => f.includes('ap-southeast-3')), 'only the regions asked for');

    // Sidecars: sha256sum -c accepts them, and meta.json says where the bytes came from.
    const local = path.join(out, ec2East);
    execFileSync('sha256sum', ['-c', path.basename(local) + '.sha256'], { cwd: path.dirname(local) });
    const meta = JSON.parse(readFileSync(local + '.meta.json', 'utf8'));
    assert.equal(meta.url, server.url + ec2East);
    assert.equal(meta.sha256, sha256File(local));
    assert.match(meta.etag, /^"[0-9a-f]{32}"$/);
    assert.ok(meta.lastModified && meta.downloadedAt);
    assert.equal(meta.size, readFileSync(local).length);
    assert.equal(meta.version, tree.version);
    assert.equal(meta.publicationDate, tree.publicationDate);
    assert.equal(meta.offerCode, 'AmazonEC2');

    const metrics = JSON.parse(readFileSync(path.join(out, '.metrics/latest.json'), 'utf8'));
    assert.equal(metrics.aggregate.total_downloads, metrics.downloads.length);
    assert.equal(metrics.aggregate.successful_downloads, metrics.downloads.length);
    assert.equal(metrics.aggregate.failed_downloads, 0);
    assert.equal(metrics.aggregate.cache_hits, 0);
    assert.equal(metrics.aggregate.success_rate, 1);
    assert.equal(metrics.aggregate.retries, 0);
    const entry = metrics.downloads.find((d: { path: string }) => d.path === ec2East.slice(1));
    assert.deepEqual(
      Object.keys(entry).filter((k) => ['url', 'path', 'status', 'bytes', 'duration_ms', 'cache_hit', 'attempts', 'sha256'].includes(k)).length,
      8,
    );
    assert.equal(entry.status, 'downloaded');
    assert.equal(entry.bytes, meta.size);
    assert.equal(entry.sha256, meta.sha256);
    assert.equal(
      metrics.aggregate.total_bytes_downloaded,
      metrics.downloads.reduce((s: number, d: { bytes: number }) => s + d.bytes, 0),
    );
    assert.equal(listFiles(path.join(out, '.metrics')).filter((f) => /^metrics-\d{8}T\d{6}Z\.json$/.test(f)).length, 1, 'a timestamped copy');
    assert.match(run.stdout, /downloaded, 0 unchanged/);
  });

  it('a rerun is all cache hits via If-None-Match / 304', async () => {
    assert.equal((await download()).code, 0);
    server.requests.length = 0;
    const run = await download('--json');
    assert.equal(run.code, 0, run.stderr);
    const result = JSON.parse(run.stdout);
    assert.ok(result.files.length >= 6);
    assert.ok(
      result.files.every((f: { status: string }) => f.status === 'cached'),
      run.stdout,
    );
    assert.ok(
      server.requests.every((r) => r.status === 304 && r.headers['if-none-match']),
      JSON.stringify(server.requests),
    );
    const metrics = JSON.parse(readFileSync(path.join(out, '.metrics/latest.json'), 'utf8'));
    assert.equal(metrics.aggregate.cache_hits, result.files.length);
    assert.equal(metrics.aggregate.cache_hit_rate, 1);
    assert.equal(metrics.aggregate.total_bytes_downloaded, 0);
  });

  it('downloads again a local file whose bytes no longer match its sidecar', async () => {
    assert.equal((await download()).code, 0);
    const local = path.join(out, ec2East);
    const bytes = readFileSync(local);
    bytes[bytes.length >> 1] ^= 0x20; // same size, different content
    writeFileSync(local, bytes);
    server.requests.length = 0;
    const run = await download('--json');
    assert.equal(run.code, 0, run.stderr);
    const entry = JSON.parse(run.stdout).files.find((f: { path: string }) => f.path === ec2East.slice(1));
    assert.equal(entry.status, 'downloaded');
    assert.ok(sameBytes(local, path.join(tree.root, ec2East)));
    const req = server.requests.find((r) => r.path === ec2East)!;
    assert.equal(req.headers['if-none-match'], undefined, 'no conditional GET for a tampered file');
    assert.match(run.stderr, /no longer matches its \.sha256 sidecar/);
  });

  it('verify checks the whole mirror offline and names what changed', async () => {
    assert.equal((await download()).code, 0);
    const clean = await runCli(['verify', out, '--json']);
    assert.equal(clean.code, 0, clean.stderr);
    const entries = JSON.parse(clean.stdout) as Array<{ path: string; status: string }>;
    assert.ok(entries.length >= 6 && entries.every((e) => e.status === 'ok'), clean.stdout);
    assert.ok(!entries.some((e) => e.path.startsWith('.metrics') || e.path.endsWith('.sha256') || e.path.endsWith('.meta.json')));
    const local = path.join(out, ec2East);
    const bytes = readFileSync(local);
    bytes[100] ^= 1;
    writeFileSync(local, bytes);
    writeFileSync(path.join(out, 'stray.json'), '{}');
    const dirty = await runCli(['verify', '--output-dir', out]);
    assert.equal(dirty.code, 1);
    assert.match(dirty.stdout, new RegExp(`CHANGED +${ec2East.slice(1).replace(/[.]/g, '\\.')}`));
    assert.match(dirty.stdout, /NO SIDECAR stray\.json/);
    assert.match(dirty.stdout, new RegExp(`${entries.length - 1} of ${entries.length + 1} files match`));
    const empty = tempDir('empty');
    try {
      assert.equal((await runCli(['verify', empty])).code, 2);
    } finally {
      rmSync(empty, { recursive: true });
    }
  });

  it('downloads again when the ETag changed upstream', async () => {
    assert.equal((await download()).code, 0);
    const original = readFileSync(path.join(tree.root, ec2East));
    try {
      await server.putFile(ec2East, Buffer.concat([original, Buffer.from('\n')]));
      const run = await download('--json');
      assert.equal(run.code, 0, run.stderr);
      const statuses = Object.fromEntries(JSON.parse(run.stdout).files.map((f: { path: string; status: string }) => [f.path, f.status]));
      assert.equal(statuses[ec2East.slice(1)], 'downloaded');
      assert.equal(statuses['offers/v1.0/aws/index.json'], 'cached');
      assert.ok(sameBytes(path.join(out, ec2East), path.join(tree.root, ec2East)));
    } finally {
      await server.putFile(ec2East, original);
    }
  });

  const survivable: Array<[string, Fault, boolean]> = [
    ['a connection reset mid-body', { kind: 'reset', afterBytes: 700_000, times: 2 }, true],
    ['a truncated body', { kind: 'truncate', afterBytes: 300_000, times: 1 }, true],
    ['a stalled body (idle-read timeout)', { kind: 'stall', afterBytes: 500_000, times: 1 }, true],
    ['429 with Retry-After', { kind: 'status', status: 429, retryAfter: '1', times: 2 }, false],
    ['503 with Retry-After', { kind: 'status', status: 503, retryAfter: '0', times: 3 }, false],
    ['a slow trickle', { kind: 'trickle', bytesPerTick: 256_000, intervalMs: 20 }, false],
  ];
  for (const [name, fault, resumes] of survivable) {
    it(`survives ${name} with byte-identical results`, async () => {
      server.setFault(ec2East, fault);
      const started = Date.now();
      const run = await download('--read-timeout', '1', '--json');
      assert.equal(run.code, 0, run.stderr + run.stdout);
      expectMirrorOf([ec2East]);
      const entry = JSON.parse(run.stdout).files.find((f: { path: string }) => f.path === ec2East.slice(1));
      const hits = server.requests.filter((r) => r.path === ec2East);
      if (fault.kind !== 'trickle') assert.equal(entry.attempts, (fault.times ?? 1) + 1, JSON.stringify(hits));
      if (resumes) {
        assert.equal(entry.resumed, true);
        const resumed = hits.slice(1);
        assert.ok(
          resumed.every((r) => r.status === 206 && /^bytes=\d+-$/.test(r.headers.range ?? '') && r.headers['if-range']),
          JSON.stringify(hits),
        );
        assert.ok(hits.reduce((s, r) => s + r.bytesSent, 0) < 1.5 * readFileSync(path.join(tree.root, ec2East)).length, 'resumed, not restarted');
      }
      if (fault.kind === 'status' && fault.retryAfter === '1') assert.ok(Date.now() - started >= 2000, 'waited as Retry-After asked');
      const metrics = JSON.parse(readFileSync(path.join(out, '.metrics/latest.json'), 'utf8'));
      assert.ok(metrics.aggregate.retries >= (fault.kind === 'trickle' ? 0 : 1));
    });
  }

  it('falls back to a full download when the server ignores Range', async () => {
    server.setFault(ec2East, [{ kind: 'reset', afterBytes: 600_000, times: 1 }, { kind: 'ignore-range' }]);
    const run = await download('--json');
    assert.equal(run.code, 0, run.stderr);
    expectMirrorOf([ec2East]);
  });

  it('names each failed file, exits 1 and keeps the previous good file', async () => {
    assert.equal((await download()).code, 0);
    const local = path.join(out, ec2East);
    const before = sha256File(local);
    const original = readFileSync(path.join(tree.root, ec2East));
    try {
      await server.putFile(ec2East, Buffer.concat([original, Buffer.from(' ')]));
      server.setFault(ec2East, { kind: 'truncate', afterBytes: 100_000 });
      const run = await download('--retries', '1');
      assert.equal(run.code, 1);
      assert.match(run.stdout, new RegExp(`FAILED ${ec2East.slice(1).replace(/[.]/g, '\\.')}: .*after 2 attempts`));
      assert.equal(sha256File(local), before, 'old file untouched');
      execFileSync('sha256sum', ['-c', path.basename(local) + '.sha256'], { cwd: path.dirname(local) });
      assert.deepEqual(partFiles(out), []);
      const metrics = JSON.parse(readFileSync(path.join(out, '.metrics/latest.json'), 'utf8'));
      assert.equal(metrics.aggregate.failed_downloads, 1);
      assert.ok(metrics.aggregate.success_rate < 1);
    } finally {
      await server.putFile(ec2East, original);
    }
  });

  it('Ctrl-C cancels cleanly: exit 130, old file kept, no temporary file', async () => {
    assert.equal((await download()).code, 0);
    const local = path.join(out, ec2East);
    const before = sha256File(local);
    const original = readFileSync(path.join(tree.root, ec2East));
    try {
      await server.putFile(ec2East, Buffer.concat([original, Buffer.from('\n')]));
      server.setFault(ec2East, { kind: 'stall', afterBytes: 200_000 });
      server.requests.length = 0; // only this run's requests may trigger the interrupt
      const run = await download('--read-timeout', '30', {
        onSpawn: (child) => {
          // Interrupt once the changed file has started to arrive.
          const timer = setInterval(() => {
            if (server.requests.some((r) => r.path === ec2East && r.status === 200)) {
              clearInterval(timer);
              setTimeout(() => child.kill('SIGINT'), 200);
            }
          }, 20);
          child.on('close', () => clearInterval(timer));
        },
      });
      assert.equal(run.code, 130, run.stdout + run.stderr);
      assert.match(run.stdout, /Cancelled/);
      assert.equal(sha256File(local), before);
      assert.deepEqual(partFiles(out), []);
    } finally {
      await server.putFile(ec2East, original);
    }
  });

  it('does not retry a 404 and says what to check', async () => {
    server.setFault(ec2East, { kind: 'status', status: 404 });
    const run = await download();
    assert.equal(run.code, 1);
    assert.match(run.stdout, /HTTP 404/);
    assert.match(run.stdout, /price-atlas services/);
    assert.equal(server.requests.filter((r) => r.path === ec2East).length, 1);
  });

  it('reports a region the service does not have, and still downloads the rest', async () => {
    const run = await runCli([
      'download',
      '--endpoint',
      server.url,
      '--output-dir',
      out,
      '--services',
      'AmazonEC2',
      '--regions',
      'us-east-1',
      'mars-north-1',
      ...fastRetry,
    ]);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /AmazonEC2 has no price list for region mars-north-1/);
    expectMirrorOf([ec2East]);
  });

  it('fetches a whole service offer without --regions, and CSV with --format csv', async () => {
    const run = await runCli(['download', '--endpoint', server.url, '--output-dir', out, '--services', 'AmazonRoute53', '--format', 'csv']);
    assert.equal(run.code, 0, run.stderr);
    expectMirrorOf(['/offers/v1.0/aws/AmazonRoute53/current/index.csv']);
    const csv = await runCli([
      'download',
      '--endpoint',
      server.url,
      '--output-dir',
      out,
      '--services',
      'AmazonEC2',
      '--regions',
      'eu-west-1',
      '--format',
      'csv',
      '--no-savings-plans',
    ]);
    assert.equal(csv.code, 0, csv.stderr);
    expectMirrorOf([regionUrl(tree.root, 'AmazonEC2', 'eu-west-1').replace(/\.json$/, '.csv')]);
    assert.ok(!dataFiles(out).some((f) => f.startsWith('savingsPlan/') && f.endsWith('.csv')));
  });

  it('exits 2 on bad input, with a hint', async () => {
    const unknown = await runCli(['download', '--endpoint', server.url, '--output-dir', out, '--services', 'amazonec2']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /did you mean AmazonEC2/);
    const flag = await runCli(['download', '--servics', 'AmazonEC2']);
    assert.equal(flag.code, 2);
    assert.match(flag.stderr, /did you mean --services/);
    const region = await runCli(['download', '--endpoint', server.url, '--output-dir', out, '--services', 'AmazonEC2', '--regions', '../../etc']);
    assert.equal(region.code, 2);
    const endpoint = await runCli(['services', '--endpoint', 'ftp://x']);
    assert.equal(endpoint.code, 2);
    assert.equal((await runCli(['bogus'])).code, 2);
    // Regression: Node's recursive mkdir never returns under /proc; the folder check must.
    const unusable = await runCli(['download', '--endpoint', server.url, '--output-dir', '/proc/price-atlas-nope', '--services', 'AmazonEC2']);
    assert.equal(unusable.code, 2);
    assert.match(unusable.stderr, /cannot use the output folder[\s\S]*--output-dir/);
  });

  it('serves as an endpoint itself: a mirror of the mirror is byte-identical', async () => {
    assert.equal((await download()).code, 0);
    const mirrorServer = await startBulkPricingServer({ root: out });
    const second = tempDir('mirror2');
    try {
      const run = await runCli([
        'download',
        '--endpoint',
        mirrorServer.url,
        '--output-dir',
        second,
        '--services',
        'AmazonEC2',
        '--regions',
        'us-east-1',
        'eu-west-1',
      ]);
      assert.equal(run.code, 0, run.stderr);
      const files = dataFiles(out);
      assert.deepEqual(dataFiles(second), files);
      for (const f of files) assert.equal(sha256File(path.join(second, f)), sha256File(path.join(out, f)), f);
    } finally {
      await mirrorServer.close();
      rmSync(second, { recursive: true, force: true });
    }
  });

  it('keeps credentials in an endpoint URL out of output, logs and metrics', async () => {
    const secret = 'wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY';
    const endpoint = server.url.replace('http://', `http://AKIAIOSFODNN7EXAMPLE:${secret}@`);
    const run = await runCli([
      'download',
      '--endpoint',
      endpoint,
      '--output-dir',
      out,
      '--services',
      'AmazonEC2',
      '--regions',
      'us-east-1',
      '--log-level',
      'debug',
      '--json',
    ]);
    assert.equal(run.code, 0, run.stderr);
    const everything = [
      run.stdout,
      run.stderr,
      ...listFiles(out)
        .filter((f) => f.endsWith('.json'))
        .map((f) => readFileSync(path.join(out, f), 'utf8'))
        .filter((t) => t.length < 1_000_000),
    ].join('\n');
    assert.ok(!everything.includes(secret), 'secret leaked');
    assert.ok(!everything.includes('AKIAIOSFODNN7EXAMPLE'), 'key id leaked');
  });
});

describe('price-atlas services / regions / versions', function () {
  this.timeout(30_000);
  let tree: FixtureTree;
  let server: BulkPricingServer;
  before(async () => {
    tree = await writeFixtureTree({ root: tempDir('fixture-cat'), regions });
    // Gzip on, as CloudFront does for small objects: the catalog must decode it.
    server = await startBulkPricingServer({ root: tree.root, gzip: true });
  });
  after(async () => {
    await server.close();
    rmSync(tree.root, { recursive: true, force: true });
  });

  it('lists services as JSON, exact codes', async () => {
    const run = await runCli(['services', '--json', '--endpoint', server.url]);
    assert.equal(run.code, 0, run.stderr);
    const codes = JSON.parse(run.stdout).map((o: { offerCode: string }) => o.offerCode);
    assert.deepEqual(
      codes,
      [...tree.offerCodes].sort((a, b) => a.localeCompare(b, 'en')),
    );
    assert.ok(codes.includes('comprehend'));
    assert.ok(server.requests.some((r) => r.headers['accept-encoding']?.includes('gzip')));
  });

  it('takes the endpoint from PRICE_ATLAS_ENDPOINT', async () => {
    const run = await runCli(['services'], { env: { PRICE_ATLAS_ENDPOINT: server.url } });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /AmazonEC2\s+yes/);
  });

  it('lists regions and Savings Plans regions', async () => {
    const run = await runCli(['regions', 'AmazonEC2', '--json', '--endpoint', server.url]);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(
      JSON.parse(run.stdout).map((r: { regionCode: string }) => r.regionCode),
      [...regions].sort(),
    );
    const sp = await runCli(['regions', 'AmazonEC2', '--savings-plans', '--json', '--endpoint', server.url]);
    assert.equal(sp.code, 0, sp.stderr);
    assert.ok(JSON.parse(sp.stdout).every((r: { url: string }) => r.url.startsWith('/savingsPlan/')));
  });

  it('lists versions newest first', async () => {
    const run = await runCli(['versions', 'AmazonEC2', '--json', '--endpoint', server.url]);
    assert.equal(run.code, 0, run.stderr);
    const versions = JSON.parse(run.stdout) as Array<{ version: string; current: boolean }>;
    assert.ok(versions.length >= 3);
    assert.deepEqual(
      versions.map((v) => v.version),
      [...versions.map((v) => v.version)].sort().reverse(),
    );
    assert.equal(versions.find((v) => v.current)?.version, tree.version);
  });

  it('explains an unreachable endpoint and exits 1', async () => {
    const run = await runCli(['services', '--endpoint', 'http://127.0.0.1:1', '--retries', '0']);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /ECONNREFUSED/);
  });
});
