import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { scratchDir } from '../scratch-dir';

export const cliPath = path.resolve(__dirname, '../../../dist/cli.js');

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Set when `timeoutMs` passed and the run was killed (SIGKILL): it would not end by itself. */
  timedOut?: boolean;
  /** Wall-clock milliseconds from spawn to close. */
  ms: number;
}

/** Runs the bundled CLI as a user would. Asynchronous: the fake server lives in this process. */
export function runCli(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; uid?: number; gid?: number; timeoutMs?: number; onSpawn?: (child: ReturnType<typeof spawn>) => void } = {},
): Promise<CliRun> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], {
      cwd: options.cwd ?? os.tmpdir(),
      env: { ...process.env, PRICE_ATLAS_ENDPOINT: '', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(options.uid !== undefined && { uid: options.uid }),
      ...(options.gid !== undefined && { gid: options.gid }),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    let timedOut = false;
    // A run that hangs is killed, so a test reports it instead of waiting for mocha's timeout.
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            child.kill('SIGKILL');
          }, options.timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started, ...(timedOut && { timedOut }) });
    });
    options.onSpawn?.(child);
  });
}

export function tempDir(prefix: string): string {
  return scratchDir(prefix);
}

export function sha256File(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** Every file under `dir`, as paths relative to it with forward slashes. */
export function listFiles(dir: string, base = dir): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? listFiles(full, base) : [path.relative(base, full).split(path.sep).join('/')];
  });
}

export function dataFiles(dir: string): string[] {
  return listFiles(dir)
    .filter((f) => !f.endsWith('.sha256') && !f.endsWith('.meta.json') && !f.startsWith('.metrics/'))
    .sort();
}

export function partFiles(dir: string): string[] {
  return listFiles(dir).filter((f) => f.endsWith('.part') || f.endsWith('.partial') || f.endsWith('.partial.json'));
}

export function waitFor(predicate: () => boolean, timeoutMs = 10_000, intervalMs = 10): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const tick = (): void => {
      if (predicate()) return resolve();
      if (Date.now() - started > timeoutMs) return reject(new Error('condition not met in time'));
      setTimeout(tick, intervalMs);
    };
    tick();
  });
}

// Small waits so fault tests stay fast; the logic under test is the same as with real waits.
export const fastRetry = ['--retries', '4', '--retry-min-wait', '0.05', '--retry-max-wait', '0.2'];

/** The versioned URL path of a service's region file, as the fixture's region index gives it. */
export function regionUrl(root: string, code: string, region: string): string {
  const index = JSON.parse(readFileSync(path.join(root, 'offers/v1.0/aws', code, 'current/region_index.json'), 'utf8'));
  return index.regions[region].currentVersionUrl as string;
}
