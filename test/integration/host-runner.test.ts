import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';

// The real driver against a suite that knows nothing of its report file (3 passing tests, 1
// failing): the counts it prints must be that suite's. Starts code-server and Chromium (about
// 15 s; on a fresh clone the first run installs them, which takes minutes).

const root = path.resolve(__dirname, '../../..');
const runner = path.join(root, 'out', 'test', 'host', 'run-host-tests.js');
const foreign = path.join(root, 'out', 'test', 'host', 'fixtures', 'foreign-suite', 'index.js');

function runDriver(env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [runner], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('host test driver (run-host-tests)', function () {
  this.timeout(15 * 60_000);

  it('prints the real counts of a foreign suite, "3 passed, 1 failed", and fails', async () => {
    const r = await runDriver({ EXTENSION_TESTS_PATH: foreign, EXTENSION_TEST_WORKSPACE: '' });
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines.at(-1), '3 passed, 1 failed', `${r.stdout}\n${r.stderr}`);
    assert.equal(r.code, 1);
    assert.equal(lines.filter((l) => l.startsWith('  ✔ foreign suite passes')).length, 3, r.stdout);
    assert.ok(lines.includes('  ✖ foreign suite fails on purpose'), r.stdout);
    assert.match(r.stdout, /'counted'/, 'the failure is shown');
  });
});
