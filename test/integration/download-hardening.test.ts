import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { startBulkPricingServer } from '../fakes/bulk-pricing-server';
import type { BulkPricingServer } from '../fakes/bulk-pricing-server';
import { writeFixtureTree } from '../fakes/fixture-tree';
import type { FixtureTree } from '../fakes/fixture-tree';
import { fastRetry, listFiles, partFiles, regionUrl, runCli, sha256File, tempDir, waitFor } from './helpers';

/**
 * The download engine against a hostile endpoint, a hostile repository and a hostile machine
 * (kill -9, a second run, a read-only mirror). Each case reproduces an attack or a failure that
 * once broke the product, and checks what is on disk afterwards, not only the exit code.
 */

const OFFER_INDEX = '/offers/v1.0/aws/index.json';
const EC2_REGIONS = '/offers/v1.0/aws/AmazonEC2/current/region_index.json';
const RDS_REGIONS = '/offers/v1.0/aws/AmazonRDS/current/region_index.json';

/** Every file under `dir`, with its content hash, following no link. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const full = path.join(d, name);
      const st = lstatSync(full);
      if (st.isDirectory()) walk(full);
      else out[path.relative(dir, full)] = st.isSymbolicLink() ? 'link' : sha256File(full);
    }
  };
  walk(dir);
  return out;
}

function gitRepo(): string {
  const repo = tempDir('repo');
  execFileSync('git', ['init', '-q', repo]);
  return repo;
}

describe('download hardening (hostile endpoint, hostile repository, kill -9)', function () {
  this.timeout(120_000);
  let tree: FixtureTree;
  let server: BulkPricingServer;
  let originals: Map<string, Buffer>;
  let ec2East: string;
  const cleanup: string[] = [];

  before(async () => {
    // One region file above the resume threshold (1 MiB) with room for several checkpoints.
    tree = await writeFixtureTree({ root: tempDir('hostile-fixture'), regions: ['us-east-1'], regionBytes: 6_500_000 });
    server = await startBulkPricingServer({ root: tree.root });
    ec2East = regionUrl(tree.root, 'AmazonEC2', 'us-east-1');
    originals = new Map([OFFER_INDEX, EC2_REGIONS, RDS_REGIONS, ec2East].map((p) => [p, readFileSync(path.join(tree.root, p))]));
  });
  after(async () => {
    await server.close();
    rmSync(tree.root, { recursive: true, force: true });
  });
  beforeEach(() => {
    server.clearFaults();
    server.requests.length = 0;
  });
  afterEach(async () => {
    for (const [p, bytes] of originals) if (!readFileSync(path.join(tree.root, p)).equals(bytes)) await server.putFile(p, bytes);
    for (const dir of cleanup.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  const track = (dir: string): string => (cleanup.push(dir), dir);
  const download = (out: string | undefined, flags: string[], options: Parameters<typeof runCli>[1] = {}) =>
    runCli(
      [
        'download',
        '--endpoint',
        server.url,
        ...(out === undefined ? [] : ['--output-dir', out]),
        '--services',
        'AmazonEC2',
        '--regions',
        'us-east-1',
        '--no-savings-plans',
        ...fastRetry,
        ...flags,
      ],
      options,
    );

  const offerIndex = (): { offers: Record<string, Record<string, string>> } => JSON.parse(originals.get(OFFER_INDEX)!.toString('utf8'));
  const publishIndex = (index: unknown): Promise<void> => server.putFile(OFFER_INDEX, JSON.stringify(index, null, 2));

  describe('S1: nothing is written outside the mirror', () => {
    for (const field of ['versionIndexUrl', 'currentRegionIndexUrl', 'savingsPlanVersionIndexUrl', 'currentSavingsPlanIndexUrl']) {
      it(`refuses an index whose ${field} names a file at the mirror root (/config), and fails only that service`, async () => {
        const repo = track(gitRepo());
        const gitConfig = readFileSync(path.join(repo, '.git/config'));
        const index = offerIndex();
        index.offers.AmazonEC2![field] = '/config';
        await publishIndex(index);
        const out = path.join(repo, '.aws-pricing');
        const run = await download(out, [], { cwd: repo });
        const all = await runCli(
          ['download', '--endpoint', server.url, '--output-dir', out, '--services', 'AmazonEC2', '--regions', 'us-east-1', ...fastRetry],
          { cwd: repo },
        );
        for (const r of [run, all]) {
          assert.equal(r.code, 1, r.stderr + r.stdout);
          assert.match(r.stderr, new RegExp(`AmazonEC2[^\\n]*${field}|${field}[^\\n]*AmazonEC2`), r.stderr);
        }
        assert.ok(!server.requests.some((q) => q.path === '/config'), 'the refused URL is never fetched');
        assert.ok(!existsSync(path.join(out, 'config')), 'no /config at the mirror root');
        assert.ok(!listFiles(repo).some((f) => f.endsWith('/config') && f !== '.git/config'), 'no config file anywhere');
        assert.ok(readFileSync(path.join(repo, '.git/config')).equals(gitConfig), '.git/config unchanged');
      });
    }

    it('refuses --output-dir inside .git, .hg, .svn or .vscode, the repository root and /, before any request', async () => {
      const repo = track(gitRepo());
      mkdirSync(path.join(repo, '.git/hooks'), { recursive: true });
      mkdirSync(path.join(repo, '.vscode'));
      mkdirSync(path.join(repo, '.hg'));
      const before = snapshot(repo);
      for (const dir of ['.git', '.git/hooks', '.vscode', '.hg/store', '.svn', '.', '/']) {
        const target = dir === '/' ? '/' : path.join(repo, dir);
        const run = await download(target, [], { cwd: repo });
        assert.equal(run.code, 2, `${dir}: ${run.stderr}`);
        assert.match(run.stderr, /not written|output folder|--output-dir|refused/i, run.stderr);
      }
      assert.equal(server.requests.length, 0, 'nothing was even asked for');
      assert.deepEqual(snapshot(repo), before, 'the repository is unchanged');
    });

    it('refuses a committed .aws-pricing symlink to ~/.ssh, and a symlinked subfolder; an explicit symlinked --output-dir is followed', async () => {
      const home = track(tempDir('home'));
      mkdirSync(path.join(home, '.ssh'), { mode: 0o700 });
      writeFileSync(path.join(home, '.ssh/authorized_keys'), 'ssh-ed25519 AAAA owner\n');
      const sshBefore = snapshot(path.join(home, '.ssh'));
      const index = offerIndex();
      index.offers.AmazonEC2!.versionIndexUrl = '/authorized_keys';
      await publishIndex(index);

      // The repository's own link, used as the default output folder (the extension's case too).
      const repo = track(gitRepo());
      symlinkSync(path.join(home, '.ssh'), path.join(repo, '.aws-pricing'));
      const viaDefault = await download(undefined, [], { cwd: repo, env: { HOME: home } });
      assert.equal(viaDefault.code, 2, viaDefault.stderr);
      assert.match(viaDefault.stderr, /symbolic link|symlink/i);

      // A real mirror folder whose offers/ subfolder is a link out of it.
      const out = track(tempDir('out'));
      symlinkSync(path.join(home, '.ssh'), path.join(out, 'offers'));
      await server.putFile(OFFER_INDEX, originals.get(OFFER_INDEX)!);
      const viaSubfolder = await download(out, [], { env: { HOME: home } });
      assert.equal(viaSubfolder.code, 1, viaSubfolder.stderr);
      assert.match(viaSubfolder.stderr, /symbolic link|symlink/i);
      assert.deepEqual(snapshot(path.join(home, '.ssh')), sshBefore, '~/.ssh unchanged');

      // A link the user typed on the command line is their choice.
      const real = track(tempDir('real-mirror'));
      const link = path.join(track(tempDir('links')), 'mirror');
      symlinkSync(real, link);
      const explicit = await download(link, []);
      assert.equal(explicit.code, 0, explicit.stderr);
      assert.ok(existsSync(path.join(real, ec2East)), 'files land in the link target');
    });
  });

  describe('S2: size limits', () => {
    const bomb = (bytes: number): Buffer =>
      gzipSync(Buffer.concat([Buffer.from('{"formatVersion":"v1.0","x":"'), Buffer.alloc(bytes, 0x61), Buffer.from('"}')]), { level: 9 });

    it('stops a gzip bomb on an offer file and on an index file, keeping the disk as it was', async () => {
      const out = track(tempDir('out'));
      server.setFault(ec2East, {
        kind: 'respond',
        status: 200,
        headers: { 'content-encoding': 'gzip', 'content-type': 'application/json' },
        body: bomb(400_000_000),
      });
      const offer = await download(out, ['--retries', '0']);
      assert.equal(offer.code, 1, offer.stderr);
      assert.match(offer.stderr, /decompression bomb/i, offer.stderr);
      assert.ok(!existsSync(path.join(out, ec2East)), 'no offer file');
      const bytesOnDisk = listFiles(out).reduce((n, f) => n + statSync(path.join(out, f)).size, 0);
      assert.ok(bytesOnDisk < 20_000_000, `only ${bytesOnDisk} bytes on disk`);

      server.clearFaults();
      server.setFault(OFFER_INDEX, {
        kind: 'respond',
        status: 200,
        headers: { 'content-encoding': 'gzip', 'content-type': 'application/json' },
        body: bomb(64_000_000),
      });
      const index = await download(track(tempDir('out')), ['--retries', '0']);
      assert.equal(index.code, 1, index.stderr);
      assert.match(index.stderr, /decompression bomb|limit for an index file/i, index.stderr);
    });

    it('ends an endless body at --max-file-size, and refuses an index file above 16 MiB', async () => {
      const out = track(tempDir('out'));
      server.setFault(ec2East, { kind: 'endless' });
      const endless = await download(out, ['--max-file-size', '0.02', '--retries', '0']);
      assert.equal(endless.code, 1, endless.stderr);
      assert.match(endless.stderr, /went past 21\.5 MB, the limit for an offer file/, endless.stderr);
      assert.deepEqual(partFiles(out), [], 'nothing kept of it');

      server.clearFaults();
      const huge = Buffer.concat([Buffer.from('{"offers":{},"pad":"'), Buffer.alloc(17 * 1024 * 1024, 0x61), Buffer.from('"}')]);
      server.setFault(OFFER_INDEX, { kind: 'respond', status: 200, headers: { 'content-type': 'application/json' }, body: huge });
      const index = await download(track(tempDir('out')), ['--retries', '0']);
      assert.equal(index.code, 1, index.stderr);
      assert.match(index.stderr, /limit for an index file/, index.stderr);
    });
  });

  describe('S5: a second run, odd sidecars, a captive portal, a read-only mirror', () => {
    it('a second download into the same mirror exits 1 naming the first; the first is not disturbed', async () => {
      const out = track(tempDir('out'));
      server.setFault(ec2East, { kind: 'trickle', bytesPerTick: 4096, intervalMs: 100 });
      let first: import('node:child_process').ChildProcess | undefined;
      const firstRun = download(out, [], { onSpawn: (c) => (first = c) });
      await waitFor(() => existsSync(path.join(out, '.price-atlas.lock')), 20_000);
      const second = await download(out, []);
      assert.equal(second.code, 1, second.stderr);
      assert.match(second.stderr, /another download/);
      assert.ok(existsSync(path.join(out, '.price-atlas.lock')), 'the first run still holds its lock');
      first!.kill('SIGINT');
      const firstDone = await firstRun;
      assert.equal(firstDone.code, 130, firstDone.stderr);
      assert.ok(!existsSync(path.join(out, '.price-atlas.lock')), 'the lock is released on cancel');
    });

    it('ignores a sidecar ETag that cannot be sent as a header, instead of failing the file forever', async () => {
      const out = track(tempDir('out'));
      assert.equal((await download(out, [])).code, 0);
      const metaFile = path.join(out, ec2East + '.meta.json');
      const meta = JSON.parse(readFileSync(metaFile, 'utf8'));
      meta.etag = '"abc\r\nX-Evil: 1"';
      writeFileSync(metaFile, JSON.stringify(meta));
      server.requests.length = 0;
      const again = await download(out, []);
      assert.equal(again.code, 0, again.stderr);
      const sent = server.requests.filter((r) => r.path === ec2East);
      assert.ok(sent.length > 0);
      assert.ok(
        sent.every((r) => r.headers['if-none-match'] === undefined),
        'the bad ETag is not sent',
      );
      assert.equal(sha256File(path.join(out, ec2East)), sha256File(path.join(tree.root, ec2East)));
    });

    it('a captive-portal page is a failed download with a hint (also in --json), and verify says NOT PRICES for one with sidecars', async () => {
      const out = track(tempDir('out'));
      const page = '<!DOCTYPE html><html><body>Sign in to Hotel WiFi</body></html>';
      server.setFault(ec2East, { kind: 'respond', status: 200, headers: { 'content-type': 'text/html' }, body: page });
      const run = await download(out, ['--json', '--retries', '0']);
      assert.equal(run.code, 1, run.stderr);
      assert.ok(!existsSync(path.join(out, ec2East)), 'the page is not saved as the offer');
      const doc = JSON.parse(run.stdout);
      const entry = doc.files.find((f: { path?: string; url?: string }) => (f.path ?? f.url ?? '').includes('us-east-1'));
      assert.ok(entry, run.stdout);
      assert.equal(entry.status, 'failed');
      assert.match(entry.hint, /captive portal|proxy/);

      // A mirror made before this check: an HTML file whose sidecars agree with it.
      server.clearFaults();
      assert.equal((await download(out, [])).code, 0);
      const local = path.join(out, ec2East);
      writeFileSync(local, page);
      const sum = sha256File(local);
      writeFileSync(local + '.sha256', `${sum}  ${path.basename(local)}\n`);
      const meta = JSON.parse(readFileSync(local + '.meta.json', 'utf8'));
      writeFileSync(local + '.meta.json', JSON.stringify({ ...meta, sha256: sum, size: page.length }));
      const verify = await runCli(['verify', out]);
      assert.equal(verify.code, 1, verify.stdout + verify.stderr);
      assert.match(verify.stdout, /NOT PRICES/);
    });

    it('a read-only mirror answered 304 is a cache hit, exit 0', async function () {
      if (process.getuid?.() !== 0) this.skip(); // needs to run the CLI as another user
      const out = track(tempDir('out'));
      assert.equal((await download(out, [])).code, 0);
      const chmodTree = (d: string): void => {
        chmodSync(d, 0o755);
        for (const name of readdirSync(d)) {
          const full = path.join(d, name);
          if (lstatSync(full).isDirectory()) chmodTree(full);
          else chmodSync(full, 0o644);
        }
      };
      chmodTree(out);
      const before = snapshot(out);
      server.requests.length = 0;
      const run = await download(out, ['--no-metrics'], { uid: 65534, gid: 65534 });
      assert.equal(run.code, 0, run.stderr + run.stdout);
      assert.ok(
        server.requests.some((r) => r.status === 304),
        'the server answered 304',
      );
      assert.deepEqual(snapshot(out), before, 'nothing changed');
    });
  });

  describe('S5: escapes from index files and IaC file names never reach the terminal raw', () => {
    const raw = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/;
    it('an offer code carrying an OSC title sequence is printed escaped by services and download', async () => {
      const index = offerIndex();
      const hostile = 'Evil\u001b]0;pwned\u0007\u001b[2J\u202e';
      index.offers[hostile] = { ...index.offers.AmazonEC2!, offerCode: hostile };
      await publishIndex(index);
      const services = await runCli(['services', '--endpoint', server.url, ...fastRetry]);
      assert.equal(services.code, 0, services.stderr);
      const out = track(tempDir('out'));
      const fetched = await download(out, []);
      for (const run of [services, fetched]) {
        const text = run.stdout + run.stderr;
        assert.ok(!raw.test(text), `raw control character in ${JSON.stringify(text.slice(0, 400))}`);
      }
      assert.ok(services.stderr.includes('Evil\\u001b]0;pwned\\u0007\\u001b[2J\\u202e'), services.stderr);
    });

    it('an IaC file name carrying CSI codes is printed escaped by scan', async () => {
      const repo = track(tempDir('ansi-repo'));
      writeFileSync(path.join(repo, 'main\u001b[31m\u001b]8;;evil\u0007.tf'), 'resource "aws_instance" "a" {\n  instance_type = "m5.large"\n}\n');
      const run = await runCli(['scan', '.'], { cwd: repo });
      assert.equal(run.code, 0, run.stderr);
      assert.ok(!raw.test(run.stdout + run.stderr), JSON.stringify(run.stdout));
      assert.match(run.stdout, /main\\u001b\[31m\\u001b\]8;;evil\\u0007\.tf/);
      assert.match(run.stdout, /m5\.large/);
    });
  });

  describe('point 2: refusals of unrequested entries are warnings; an unsafe requested service fails alone', () => {
    it('a hostile entry the user did not ask for is a warning: exit 0, in --json problems and in the metrics', async () => {
      const index = offerIndex();
      index.offers.Evil = { offerCode: '../../Evil', currentVersionUrl: '/offers/v1.0/aws/../../../etc/passwd', versionIndexUrl: '/x' };
      await publishIndex(index);
      const out = track(tempDir('out'));
      const run = await download(out, ['--json']);
      assert.equal(run.code, 0, run.stderr);
      const doc = JSON.parse(run.stdout);
      const warning = doc.problems.find((p: { message: string }) => p.message.includes('Evil'));
      assert.ok(warning, run.stdout);
      assert.equal(warning.severity, 'warning');
      const metrics = JSON.parse(readFileSync(path.join(out, '.metrics/latest.json'), 'utf8'));
      assert.ok(metrics.problems.some((p: { message: string; severity: string }) => p.message.includes('Evil') && p.severity === 'warning'));
      assert.ok(existsSync(path.join(out, ec2East)));
    });

    const unsafeRds: Array<[string, () => Promise<void>]> = [
      [
        'an unsafe currentRegionIndexUrl in the offer index',
        async () => {
          const index = offerIndex();
          index.offers.AmazonRDS!.currentRegionIndexUrl = '/offers/v1.0/aws/AmazonRDS/../../../../authorized_keys';
          await publishIndex(index);
        },
      ],
      [
        'an unsafe region URL in its region index',
        async () => {
          const regions = JSON.parse(originals.get(RDS_REGIONS)!.toString('utf8'));
          regions.regions['us-east-1'].currentVersionUrl = '/offers/v1.0/aws/AmazonRDS/../../../../authorized_keys';
          await server.putFile(RDS_REGIONS, JSON.stringify(regions));
        },
      ],
    ];
    for (const [what, publish] of unsafeRds) {
      it(`a requested service with ${what} fails alone (exit 1, named), the other requested services are fetched`, async () => {
        await publish();
        const out = track(tempDir('out'));
        const run = await runCli([
          'download',
          '--endpoint',
          server.url,
          '--output-dir',
          out,
          '--services',
          'AmazonEC2',
          'AmazonRDS',
          '--regions',
          'us-east-1',
          '--no-savings-plans',
          ...fastRetry,
        ]);
        assert.equal(run.code, 1, run.stderr);
        assert.match(run.stderr, /AmazonRDS/);
        assert.ok(existsSync(path.join(out, ec2East)), 'EC2 still downloaded');
        assert.ok(!listFiles(out).some((f) => f.includes('authorized_keys')));
      });
    }
  });

  describe('point 3: kill -9 and resume', () => {
    const killAfterJournal = async (out: string): Promise<void> => {
      server.setFault(ec2East, { kind: 'trickle', bytesPerTick: 64 * 1024, intervalMs: 50 });
      let child: import('node:child_process').ChildProcess | undefined;
      const run = download(out, [], { onSpawn: (c) => (child = c) });
      const journal = path.join(out, path.dirname(ec2East), '.index.json.partial.json');
      await waitFor(() => existsSync(journal), 30_000);
      child!.kill('SIGKILL');
      const done = await run;
      assert.equal(done.signal, 'SIGKILL');
      server.clearFaults();
      const kept = JSON.parse(readFileSync(journal, 'utf8'));
      assert.ok(kept.bytes >= 1024 * 1024, `journal keeps ${kept.bytes} good bytes`);
      assert.ok(statSync(path.join(out, path.dirname(ec2East), '.index.json.partial')).size >= kept.bytes);
    };

    it('the next run continues the partial with Range + If-Range, byte-identical, and leaves no leftover', async () => {
      const out = track(tempDir('out'));
      await killAfterJournal(out);
      server.requests.length = 0;
      const verify = await runCli(['verify', out]);
      assert.match(verify.stdout, /STRAY/, 'verify lists the partial');
      const rerun = await download(out, []);
      assert.equal(rerun.code, 0, rerun.stderr);
      const resumed = server.requests.filter((r) => r.path === ec2East);
      assert.equal(resumed.length, 1);
      assert.match(resumed[0]!.headers.range ?? '', /^bytes=\d+-$/);
      assert.ok(resumed[0]!.headers['if-range'], 'If-Range sent');
      assert.equal(resumed[0]!.status, 206);
      assert.ok(resumed[0]!.bytesSent < originals.get(ec2East)!.length, 'only the rest was sent');
      assert.equal(sha256File(path.join(out, ec2East)), sha256File(path.join(tree.root, ec2East)));
      assert.deepEqual(partFiles(out), []);
    });

    it('when the ETag changed, the rerun takes the whole new file', async () => {
      const out = track(tempDir('out'));
      await killAfterJournal(out);
      const changed = Buffer.from(originals.get(ec2East)!);
      changed.write('"20991231000000"', changed.indexOf('"version"') + 12);
      await server.putFile(ec2East, changed);
      const rerun = await download(out, []);
      assert.equal(rerun.code, 0, rerun.stderr);
      assert.ok(readFileSync(path.join(out, ec2East)).equals(changed), 'the new file, not a splice');
      assert.deepEqual(partFiles(out), []);
    });

    it('removes stale temporary files and journal-less partials it owns; verify reports them as STRAY first', async () => {
      const out = track(tempDir('out'));
      assert.equal((await download(out, [])).code, 0);
      const dir = path.join(out, path.dirname(ec2East));
      writeFileSync(path.join(dir, '.index.json.0123456789ab.part'), 'half');
      writeFileSync(path.join(dir, '.index.csv.partial'), 'no journal');
      const verify = await runCli(['verify', out]);
      assert.equal(verify.code, 0, verify.stdout + verify.stderr);
      assert.equal((verify.stdout.match(/STRAY/g) ?? []).length, 2, verify.stdout);
      writeFileSync(path.join(dir, 'notes.part'), 'not ours');
      assert.equal((await download(out, [])).code, 0);
      assert.deepEqual(
        readdirSync(dir).filter((n) => n.startsWith('.')),
        [],
      );
      assert.ok(existsSync(path.join(dir, 'notes.part')), 'a file we do not own is left alone');
    });
  });
});
