/**
 * Extension benchmark: bundle sizes of the release build, and activation time measured inside a
 * real VS Code extension host (code-server, the same driver as the host tests), three fresh hosts.
 * Targets: activation under 50 ms, dist/extension.js under 1.5 MB. Prints figures only.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const projectRoot = path.resolve(__dirname, '../../..');

export async function benchExtension(): Promise<void> {
  console.log('\nExtension (release bundle; activation in a real VS Code host)');
  for (const name of ['extension.js', 'engine.js', 'iac.js', 'index-worker.js', 'cli.js']) {
    const file = path.join(projectRoot, 'dist', name);
    if (existsSync(file))
      console.log(`  dist/${name.padEnd(16)} ${(statSync(file).size / 1e6).toFixed(2)} MB${name === 'extension.js' ? ' (target < 1.5 MB)' : ''}`);
  }
  const driver = path.join(projectRoot, 'out/test/host/run-host-tests.js');
  const entry = path.join(projectRoot, 'out/test/host/bench/activation.js');
  const runs: { wasActive: boolean; totalMs: number; loadMs: number; activateMs: number }[] = [];
  for (let n = 0; n < 3; n++) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pa-activation-'));
    const out = path.join(dir, 'activation.json');
    const child = spawnSync(process.execPath, [driver], {
      env: { ...process.env, EXTENSION_TESTS_PATH: entry, PRICE_ATLAS_BENCH_OUT: out },
      encoding: 'utf8',
      timeout: 300_000,
    });
    if (existsSync(out)) runs.push(JSON.parse(readFileSync(out, 'utf8')) as (typeof runs)[number]);
    else console.log(`  host run ${n + 1} gave no figure (exit ${child.status}): ${(child.stdout + child.stderr).trim().split('\n').slice(-5).join(' | ')}`);
    rmSync(dir, { recursive: true, force: true });
  }
  hoverBench(driver);
  if (runs.length === 0) return;
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const costs = runs.map((r) => r.loadMs + r.activateMs);
  console.log(
    `  activation = bundle evaluation + activate(), ${runs.length} fresh hosts: median ${median(costs).toFixed(1)} ms (all ${costs.map((t) => t.toFixed(1)).join(' / ')}; target < 50 ms)`,
  );
  console.log(
    `    bundle evaluation median ${median(runs.map((r) => r.loadMs)).toFixed(1)} ms, activate() median ${median(runs.map((r) => r.activateMs)).toFixed(1)} ms; already active when the test began: ${runs.filter((r) => r.wasActive).length} of ${runs.length}`,
  );
  const cold = runs.filter((r) => !r.wasActive);
  if (cold.length > 0) console.log(`    ext.activate() seen from the host when not yet active: median ${median(cold.map((r) => r.totalMs)).toFixed(1)} ms`);
}

/** Hover latency on a warm index, in a real host (issue target: p99 under 5 ms). */
function hoverBench(driver: string): void {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pa-hover-'));
  const out = path.join(dir, 'hover.json');
  const child = spawnSync(process.execPath, [driver], {
    env: { ...process.env, EXTENSION_TESTS_PATH: path.join(projectRoot, 'out/test/host/bench/hover.js'), PRICE_ATLAS_BENCH_OUT: out },
    encoding: 'utf8',
    timeout: 300_000,
  });
  if (existsSync(out)) {
    const f = JSON.parse(readFileSync(out, 'utf8')) as { hovers: number; direct: { p50: number; p99: number }; roundTrip: { p50: number; p99: number } };
    console.log(
      `  hover on a warm index, ${f.hovers} hovers on a 300-line Terraform file: provider p50 ${f.direct.p50.toFixed(2)} ms, p99 ${f.direct.p99.toFixed(2)} ms (target p99 < 5 ms); through vscode.executeHoverProvider p50 ${f.roundTrip.p50.toFixed(2)} ms, p99 ${f.roundTrip.p99.toFixed(2)} ms`,
    );
  } else {
    console.log(`  hover run gave no figure (exit ${child.status}): ${(child.stdout + child.stderr).trim().split('\n').slice(-5).join(' | ')}`);
  }
  rmSync(dir, { recursive: true, force: true });
}
