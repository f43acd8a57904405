/**
 * Download benchmark: 8 offer files of 64 MB from the local bulk-pricing server (in its own
 * process), fetched by `price-atlas download` and by `curl --parallel` on the same URLs, alternating,
 * in the same run. Targets: throughput >= 0.8x curl's; peak RSS < 150 MB, not growing with file size
 * (checked by also running 8 files of 16 MB). Prints figures; asserts nothing about time.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { writeFixtureTree } from '../fakes/fixture-tree';

const projectRoot = path.resolve(__dirname, '../../..');
const benchDir = path.join(projectRoot, '.bench');
const cli = path.join(projectRoot, 'dist/cli.js');
const serveJs = path.join(projectRoot, 'out/test/fakes/serve.js');

const regions = ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-south-1', 'ap-southeast-3'];

interface Scenario {
  name: string;
  regionBytes: number;
}

async function fixture(s: Scenario): Promise<string> {
  const root = path.join(benchDir, `download-${s.name}`);
  const stamp = path.join(root, '.complete');
  if (!existsSync(stamp)) {
    rmSync(root, { recursive: true, force: true });
    mkdirSync(root, { recursive: true });
    const started = performance.now();
    await writeFixtureTree({ root, regions, regionBytes: s.regionBytes });
    writeFileSync(stamp, new Date().toISOString());
    console.log(`  generated ${s.name} fixture in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  return root;
}

function startServer(root: string): Promise<{ url: string; stop: () => void }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [serveJs, '--root', root], { stdio: ['ignore', 'pipe', 'inherit'] });
    let buffered = '';
    child.stdout.on('data', (d: Buffer) => {
      buffered += d.toString();
      const line = buffered.split('\n')[0];
      if (buffered.includes('\n') && line) resolve({ url: JSON.parse(line).url, stop: () => child.kill('SIGTERM') });
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}

/**
 * nginx over the same tree, when installed: it serves with sendfile and costs almost no CPU, as a
 * remote server would. Our fake server is Node and, on a 2-core machine, competes with the client
 * for CPU; this shows the ratio without that competition.
 */
async function startNginx(root: string): Promise<{ url: string; stop: () => void } | undefined> {
  if (spawnSync('sh', ['-c', 'command -v nginx']).status !== 0) return undefined;
  const dir = path.join(benchDir, 'nginx');
  mkdirSync(dir, { recursive: true });
  const port = 20000 + Math.floor(Math.random() * 20000);
  const conf = path.join(dir, 'nginx.conf');
  writeFileSync(
    conf,
    `daemon off; worker_processes 1; pid ${dir}/nginx.pid; error_log stderr error;${process.getuid?.() === 0 ? ' user root;' : ''}
events { worker_connections 64; }
http { access_log off; sendfile on; tcp_nopush on; client_body_temp_path ${dir}; proxy_temp_path ${dir}; fastcgi_temp_path ${dir}; uwsgi_temp_path ${dir}; scgi_temp_path ${dir};
  server { listen 127.0.0.1:${port}; root ${root}; } }
`,
  );
  const child = spawn('nginx', ['-c', conf, '-p', dir], { stdio: 'inherit' });
  await new Promise((r) => setTimeout(r, 500));
  if (child.exitCode !== null) return undefined;
  return { url: `http://127.0.0.1:${port}`, stop: () => child.kill('SIGTERM') };
}

function regionUrls(root: string): string[] {
  const index = JSON.parse(readFileSync(path.join(root, 'offers/v1.0/aws/AmazonEC2/current/region_index.json'), 'utf8'));
  return regions.map((r) => index.regions[r].currentVersionUrl as string);
}

function timed(cmd: string, args: string[]): { seconds: number; status: number | null; stderr: string } {
  const started = performance.now();
  const run = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  return { seconds: (performance.now() - started) / 1000, status: run.status, stderr: run.stderr };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function runScenario(s: Scenario, rounds: number, work: string, serverKind: 'fake' | 'nginx' = 'fake'): Promise<void> {
  const root = await fixture(s);
  const urls = regionUrls(root);
  const totalBytes = urls.reduce((sum, u) => sum + readFileSync(path.join(root, u)).length, 0);
  const server = serverKind === 'nginx' ? await startNginx(root) : await startServer(root);
  if (!server) {
    console.log(`  ${s.name} via nginx: skipped (nginx not installed)`);
    return;
  }
  const curlRates: number[] = [];
  const curlShaRates: number[] = [];
  const ourRates: number[] = [];
  const rss: number[] = [];
  try {
    // Warm-up: the server computes and caches ETags, the page cache holds the files.
    spawnSync('curl', ['-s', '--parallel', ...urls.flatMap((u) => ['-o', '/dev/null', server.url + u])]);
    for (let round = 0; round < rounds; round++) {
      rmSync(work, { recursive: true, force: true });
      mkdirSync(path.join(work, 'curl'), { recursive: true });
      const curl = timed('curl', [
        '-s',
        '-f',
        '--parallel',
        '--parallel-max',
        '8',
        ...urls.flatMap((u, i) => ['-o', path.join(work, 'curl', `${i}.json`), server.url + u]),
      ]);
      if (curl.status !== 0) throw new Error(`curl failed: ${curl.stderr}`);
      curlRates.push(totalBytes / curl.seconds);
      // The same job as a shell script would do it: download, then checksum (sha256sum).
      const sums = timed(
        'sha256sum',
        urls.map((_, i) => path.join(work, 'curl', `${i}.json`)),
      );
      curlShaRates.push(totalBytes / (curl.seconds + sums.seconds));

      const metricsDir = path.join(work, 'metrics');
      const ours = timed(process.execPath, [
        cli,
        'download',
        '--endpoint',
        server.url,
        '--output-dir',
        path.join(work, 'ours'),
        '--metrics-dir',
        metricsDir,
        '--services',
        'AmazonEC2',
        '--regions',
        ...regions,
        '--no-savings-plans',
        '--max-concurrent',
        '8',
        '--log-level',
        'warn',
        '--no-progress',
      ]);
      if (ours.status !== 0) throw new Error(`price-atlas failed: ${ours.stderr}`);
      ourRates.push(totalBytes / ours.seconds);
      const metrics = JSON.parse(readFileSync(path.join(metricsDir, 'latest.json'), 'utf8'));
      rss.push(metrics.run.peak_rss_bytes);
    }
  } finally {
    server.stop();
    rmSync(work, { recursive: true, force: true });
  }
  const mb = (b: number): string => (b / 1e6).toFixed(0);
  const c = median(curlRates);
  const o = median(ourRates);
  console.log(
    `  ${s.name}: 8 x ${mb(totalBytes / 8)} MB = ${mb(totalBytes)} MB from ${serverKind === 'nginx' ? 'nginx (sendfile)' : 'the fake server'} into ${work}, ${rounds} rounds (medians)`,
  );
  console.log(`    curl --parallel     ${mb(c)} MB/s   (rounds: ${curlRates.map(mb).join(', ')})`);
  console.log(`    curl + sha256sum    ${mb(median(curlShaRates))} MB/s   (download, then checksum: what price-atlas does in one pass)`);
  console.log(`    price-atlas         ${mb(o)} MB/s   (rounds: ${ourRates.map(mb).join(', ')}; SHA-256, fsync, sidecars, metrics included)`);
  console.log(`    ratio               ${(o / c).toFixed(2)}x curl   (target >= 0.80x); ${(o / median(curlShaRates)).toFixed(2)}x curl + sha256sum`);
  const mib = (b: number): string => (b / 2 ** 20).toFixed(0);
  console.log(`    peak RSS            ${mib(Math.max(...rss))} MiB   (target < 150; rounds: ${rss.map(mib).join(', ')})`);
}

export async function benchDownload(): Promise<void> {
  if (spawnSync('curl', ['--version']).status !== 0) {
    console.log('download benchmark skipped: curl is not installed (apt-get install curl)');
    return;
  }
  console.log('download benchmark (price-atlas vs curl --parallel, local server in its own process)');
  const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
  // The comparison is of downloaders, so both write to memory-backed storage when there is some:
  // on disk, our fsync before rename (curl has none) measures the disk. The disk run shows that cost.
  const memory = existsSync('/dev/shm') ? '/dev/shm/price-atlas-bench' : path.join(benchDir, 'download-work');
  const disk = path.join(benchDir, 'download-work');
  await runScenario({ name: '16mb', regionBytes: 16_000_000 }, rounds, memory);
  await runScenario({ name: '64mb', regionBytes: 64_000_000 }, rounds, memory);
  if (memory !== disk) await runScenario({ name: '64mb', regionBytes: 64_000_000 }, Math.min(rounds, 3), disk);
  await runScenario({ name: '64mb', regionBytes: 64_000_000 }, rounds, memory, 'nginx');
}

if (require.main === module) {
  benchDownload().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
