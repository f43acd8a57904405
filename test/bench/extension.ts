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
  for (const name of ['extension.js', 'index-worker.js', 'cli.js']) {
    const file = path.join(projectRoot, 'dist', name);
    if (existsSync(file)) console.log(`  dist/${name.padEnd(16)} ${(statSync(file).size / 1e6).toFixed(2)} MB${name === 'extension.js' ? ' (target < 1.5 MB)' : ''}`);
  }
  const driver = path.join(projectRoot, 'out/test/host/run-host-tests.js');
  const entry = path.join(projectRoot, 'out/test/host/bench/activation.js');
  const runs: { totalMs: number; activateMs: number }[] = [];
  for (let n = 0; n < 3; n++) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pa-activation-'));
    const out = path.join(dir, 'activation.json');
    const child = spawnSync(process.execPath, [driver], { env: { ...process.env, EXTENSION_TESTS_PATH: entry, PRICE_ATLAS_BENCH_OUT: out }, encoding: 'utf8', timeout: 300_000 });
    if (existsSync(out)) runs.push(JSON.parse(readFileSync(out, 'utf8')) as { totalMs: number; activateMs: number });
    else console.log(`  host run ${n + 1} gave no figure (exit ${child.status}): ${(child.stdout + child.stderr).trim().split('\n').slice(-5).join(' | ')}`);
    rmSync(dir, { recursive: true, force: true });
  }
  if (runs.length === 0) return;
  const totals = runs.map((r) => r.totalMs).sort((a, b) => a - b);
  const inner = runs.map((r) => r.activateMs).sort((a, b) => a - b);
  console.log(`  activation (bundle load + activate()), ${runs.length} fresh hosts: median ${totals[Math.floor(totals.length / 2)].toFixed(1)} ms, all ${totals.map((t) => t.toFixed(1)).join(' / ')} ms (target < 50 ms)`);
  console.log(`  of which activate() itself: median ${inner[Math.floor(inner.length / 2)].toFixed(1)} ms`);
}
