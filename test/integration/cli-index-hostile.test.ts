import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { regionLocation, writeEc2RegionCsv, writeEc2RegionOffer } from '../fakes/fixture-tree';
import { runCli, tempDir } from './helpers';
import type { CliRun } from './helpers';
import { storeFolder } from '../../src/core/prices/store-layout';

const version = '20250912225308';
const publicationDate = '2025-09-12T22:53:08Z';

function mirrorFile(root: string, code: string, region: string, name = 'index.json'): string {
  const file = path.join(root, 'offers', 'v1.0', 'aws', code, version, region, name);
  mkdirSync(path.dirname(file), { recursive: true });
  return file;
}

async function ec2Offer(file: string, region = 'us-east-1'): Promise<string> {
  mkdirSync(path.dirname(file), { recursive: true });
  await writeEc2RegionOffer(file, { region, location: regionLocation(region), version, publicationDate, instanceTypes: ['m5.large', 't3.micro'] });
  return file;
}

/** The run ended by itself, quickly, with a failure that says what was wrong. */
function refusedQuickly(run: CliRun, pattern: RegExp, what: string): void {
  assert.ok(!run.timedOut, `${what}: still running after ${run.ms} ms (killed)`);
  assert.ok(run.ms < 10_000, `${what}: took ${run.ms} ms`);
  assert.notEqual(run.code, 0, `${what}: exit 0\n${run.stdout}${run.stderr}`);
  assert.match(run.stdout + run.stderr, pattern, what);
}

describe('price-atlas index on hostile input', function () {
  this.timeout(120_000);
  let dir: string;
  beforeEach(() => {
    dir = tempDir('hostile');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads regular files only: a link to /dev/zero, a FIFO, a device, in a mirror or named, are refused at once', async () => {
    const store = path.join(dir, 'store');
    const zero = path.join(dir, 'zero', 'us-east-1', 'index.json');
    mkdirSync(path.dirname(zero), { recursive: true });
    symlinkSync('/dev/zero', zero);
    const fifo = path.join(dir, 'pipe', 'us-east-1', 'index.json');
    mkdirSync(path.dirname(fifo), { recursive: true });
    execFileSync('mkfifo', [fifo]);
    for (const [input, what] of [
      [zero, 'a symlink to /dev/zero'],
      [fifo, 'a FIFO nobody writes'],
      ['/dev/null', 'a character device'],
    ] as const) {
      const run = await runCli(['index', input, '--store', store], { cwd: dir, timeoutMs: 20_000 });
      refusedQuickly(run, /not a regular file/, what);
      assert.equal(run.code, 2, `${what}: a usage error\n${run.stderr}`);
    }
    // The same inside a mirror: the link and the FIFO fail by name, the good file is indexed.
    const mirror = path.join(dir, 'mirror');
    const good = await ec2Offer(mirrorFile(mirror, 'AmazonEC2', 'us-east-1'));
    // A FIFO in a sidecar's place is no sidecar: the file is hashed instead of the read blocking.
    execFileSync('mkfifo', [`${good}.sha256`]);
    writeFileSync(`${good}.meta.json`, '{}');
    symlinkSync('/dev/zero', mirrorFile(mirror, 'AmazonEC2', 'eu-west-1'));
    execFileSync('mkfifo', [mirrorFile(mirror, 'AmazonRDS', 'us-east-1')]);
    const run = await runCli(['index', mirror, '--store', store], { cwd: dir, timeoutMs: 20_000 });
    refusedQuickly(run, /FAILED .*eu-west-1\/index\.json: .*not a regular file/, 'links and FIFOs in a mirror');
    assert.match(run.stdout, /FAILED .*AmazonRDS.*us-east-1\/index\.json: .*not a regular file/);
    assert.match(run.stdout, /Indexed 1 of 3 files/);
    assert.equal(run.code, 1);
  });

  it('refuses a store that is not a folder of files: /proc/self, /sys, /dev/null, a regular file', async () => {
    const offer = await ec2Offer(path.join(dir, 'us-east-1', 'index.json'));
    const file = path.join(dir, 'a-file');
    writeFileSync(file, 'x');
    for (const store of ['/proc/self', '/proc/self/fd', '/sys/kernel', '/dev/null', file]) {
      const run = await runCli(['index', offer, '--store', store], { cwd: dir, timeoutMs: 20_000 });
      refusedQuickly(run, /store/, `--store ${store}`);
      assert.equal(run.code, 2, `--store ${store}\n${run.stdout}${run.stderr}`);
      assert.match(run.stderr, /→ /, `--store ${store}: says what to do`);
    }
  });

  it('an offerCode that disagrees with its folder is refused: EC2 prices never land in the RDS part', async () => {
    const mirror = path.join(dir, 'mirror');
    const store = path.join(dir, 'store');
    const ec2 = readFileSync(await ec2Offer(mirrorFile(mirror, 'AmazonEC2', 'us-east-1')), 'utf8');
    // The EC2 offer filed as RDS, and an EC2 offer that says it is RDS.
    writeFileSync(mirrorFile(mirror, 'AmazonRDS', 'us-east-1'), ec2);
    assert.ok(ec2.includes('"offerCode" : "AmazonEC2"'));
    await ec2Offer(mirrorFile(mirror, 'AmazonEC2', 'eu-west-1'), 'eu-west-1');
    const claimsRds = mirrorFile(mirror, 'AmazonEC2', 'eu-west-1');
    writeFileSync(claimsRds, readFileSync(claimsRds, 'utf8').replace('"offerCode" : "AmazonEC2"', '"offerCode" : "AmazonRDS"'));
    const run = await runCli(['index', mirror, '--store', store, '--workers', '1'], { cwd: dir, timeoutMs: 60_000 });
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.match(run.stdout, /FAILED .*AmazonRDS\/20250912225308\/us-east-1\/index\.json: .*says it is AmazonEC2 but is filed under AmazonRDS/);
    assert.match(run.stdout, /FAILED .*AmazonEC2\/20250912225308\/eu-west-1\/index\.json: .*says it is AmazonRDS but is filed under AmazonEC2/);
    assert.match(run.stdout, /Indexed 1 of 3 files/);
    assert.deepEqual(readdirSync(path.join(store, storeFolder)).sort(), ['us-east-1']);
    assert.deepEqual(readdirSync(path.join(store, storeFolder, 'us-east-1')), ['AmazonEC2.idx']);
    const price = await runCli(['price', 'm5.large', '--region', 'us-east-1', '--store', store, '--json'], { cwd: dir });
    assert.equal(price.code, 0, price.stderr);
    assert.equal((JSON.parse(price.stdout) as { source: { offerCode: string } }).source.offerCode, 'AmazonEC2');
  });

  it("outside a mirror: an offer whose prices are not its offerCode's, or a second file for the same offer and region, is refused", async () => {
    const store = path.join(dir, 'store');
    const ec2 = readFileSync(await ec2Offer(path.join(dir, 'a', 'us-east-1', 'index.json')), 'utf8');
    const again = path.join(dir, 'b', 'us-east-1', 'index.json');
    mkdirSync(path.dirname(again), { recursive: true });
    writeFileSync(again, ec2.replace('"version" : "20250912225308"', '"version" : "20260101000000"'));
    const rds = path.join(dir, 'c', 'us-east-1', 'index.json');
    mkdirSync(path.dirname(rds), { recursive: true });
    writeFileSync(rds, ec2.replace('"offerCode" : "AmazonEC2"', '"offerCode" : "AmazonRDS"'));
    const run = await runCli(['index', path.join(dir, 'a', 'us-east-1', 'index.json'), again, rds, '--store', store, '--workers', '1'], {
      cwd: dir,
      timeoutMs: 60_000,
    });
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.match(run.stdout, /FAILED b\/us-east-1\/index\.json: .*AmazonEC2 prices for us-east-1 come from .*a\/us-east-1\/index\.json too/);
    assert.match(run.stdout, /FAILED c\/us-east-1\/index\.json: .*holds AmazonEC2 prices \(EBS volume, EC2, NAT gateway\) but says it is AmazonRDS/);
    assert.deepEqual(readdirSync(path.join(store, storeFolder, 'us-east-1')), ['AmazonEC2.idx']);
    const price = JSON.parse((await runCli(['price', 'm5.large', '--region', 'us-east-1', '--store', store, '--json'], { cwd: dir })).stdout) as {
      source: { version: string };
    };
    assert.equal(price.source.version, version, 'the first file is kept');
  });

  it('a truncated CSV offer fails with its line, and the store answers the same lookups as before', async () => {
    const mirror = path.join(dir, 'mirror');
    const store = path.join(dir, 'store');
    const csv = mirrorFile(mirror, 'AmazonEC2', 'us-east-1', 'index.csv');
    const sizes = ['m5.large', 't3.micro', 'c6i.large', 'r7g.medium', 'm5.xlarge', 'i3.metal'];
    await writeEc2RegionCsv(csv, { region: 'us-east-1', location: regionLocation('us-east-1'), version, publicationDate, instanceTypes: sizes });
    const first = await runCli(['index', mirror, '--store', store], { cwd: dir, timeoutMs: 60_000 });
    assert.equal(first.code, 0, first.stdout + first.stderr);
    const lookups = async (): Promise<string[]> =>
      Promise.all(sizes.map(async (size) => (await runCli(['price', size, '--region', 'us-east-1', '--store', store, '--json'], { cwd: dir })).stdout));
    const before = await lookups();
    for (const answer of before) assert.match(answer, /"onDemand": \{/);

    // Cut halfway, inside a quoted field: the sizes after the cut would silently go missing.
    const text = readFileSync(csv, 'utf8');
    const cut = text.indexOf('","Hrs","', text.length / 2) + 5;
    writeFileSync(csv, text.slice(0, cut));
    const line = text.slice(0, cut).split('\n').length;
    const run = await runCli(['index', mirror, '--store', store], { cwd: dir, timeoutMs: 60_000 });
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.match(run.stdout, new RegExp(`FAILED .*index\\.csv: .*ends inside a quoted field.*truncated.*line ${line}\\b`));
    assert.match(run.stdout, /the previous index for this file is kept/);
    assert.deepEqual(await lookups(), before);
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal} ends index even while its reads are stuck on a FIFO nobody writes`, async () => {
      // Every thread of libuv's pool blocks opening the FIFO before the CLI starts, so each file
      // operation of `index` waits forever: what a hung network filesystem does.
      const fifo = path.join(dir, 'stuck');
      execFileSync('mkfifo', [fifo]);
      const preload = path.join(dir, 'stuck.js');
      writeFileSync(preload, `const fs = require('fs');\nfor (let n = 0; n < 4; n++) fs.open(${JSON.stringify(fifo)}, 'r', () => {});\n`);
      const offer = await ec2Offer(path.join(dir, 'us-east-1', 'index.json'));
      let sentAt = 0;
      const run = await runCli(['index', offer, '--store', path.join(dir, 'store')], {
        cwd: dir,
        env: { NODE_OPTIONS: `--require ${preload}`, UV_THREADPOOL_SIZE: '4' },
        timeoutMs: 30_000,
        onSpawn: (child) => {
          setTimeout(() => {
            sentAt = Date.now();
            child.kill(signal);
          }, 1500);
        },
      });
      assert.ok(!run.timedOut, `still running ${Date.now() - sentAt} ms after ${signal} (killed)\n${run.stderr}`);
      assert.ok(sentAt > 0, `ended before the signal: ${run.code} ${run.stderr}`);
      assert.ok(run.ms - 1500 < 5000, `${run.ms - 1500} ms from ${signal} to exit`);
      const codes = signal === 'SIGINT' ? [130] : [143, 130];
      // Ended by the signal itself (a shell shows 128 + n) or by exiting with that code.
      const shown = run.signal === 'SIGINT' ? 130 : run.signal === 'SIGTERM' ? 143 : run.code;
      assert.ok(codes.includes(shown ?? -1), `exit ${run.code}, signal ${run.signal}`);
      assert.match(run.stderr, new RegExp(`${signal}, cancelling`));
    });
  }
});
