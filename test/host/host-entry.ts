// The test entry the driver (run-host-tests.ts) always gives VS Code (payload `extensionTestsPath`).
// It counts what the real suite does and writes the counts to PRICE_ATLAS_HOST_REPORT, then hands
// over to that suite, named by PRICE_ATLAS_HOST_SUITE: our host suite or any other module with the
// @vscode/test-electron contract (a run() that runs mocha in the host). The counts come from
// mocha's own events, seen by wrapping Runner#run, so a suite that knows nothing of our report file
// is still counted; the workbench's exit code alone says nothing about how many tests ran.

import * as fs from 'node:fs';
import Mocha from 'mocha';
import type { HostReport, HostTestResult } from './host-report';

function describeError(err: unknown): string {
  if (err instanceof Error) {
    // Message plus a few frames: enough to find the assertion without mocha's internals.
    const stack = (err.stack ?? `${err.name}: ${err.message}`).split('\n');
    const head = stack.findIndex((l) => /^\s+at /.test(l));
    return (head < 0 ? stack : stack.slice(0, head + 4)).join('\n');
  }
  return String(err);
}

interface Counter {
  report: HostReport;
  write(): void;
}

function counter(suite: string, reportFile: string | undefined): Counter {
  const report: HostReport = { suite, runs: 0, total: 0, tests: [], ended: true, settled: false };
  // Written after every event, so a run that hangs or times out still leaves what finished.
  const write = (): void => {
    if (reportFile) fs.writeFileSync(reportFile, JSON.stringify(report, null, 2));
  };
  return { report, write };
}

/** Watches every mocha run started from this copy of mocha (the one the suite resolves, too). */
function watchMocha(c: Counter): () => void {
  const prototype = Mocha.Runner.prototype as { run: (...args: unknown[]) => unknown };
  const original = prototype.run;
  let open = 0;
  prototype.run = function (this: Mocha.Runner, ...args: unknown[]) {
    c.report.runs++;
    c.report.total += this.total;
    c.report.ended = false;
    open++;
    const add = (test: Mocha.Runnable, state: HostTestResult['state'], err?: unknown): void => {
      c.report.tests.push({ title: test.title, fullTitle: test.fullTitle(), state, ...(err !== undefined && { error: describeError(err) }) });
      c.write();
    };
    this.on('pass', (test) => add(test, 'passed'));
    // Also fires for failing hooks (title '"before all" hook ...'), which would otherwise vanish.
    this.on('fail', (test, err) => add(test, 'failed', err));
    this.on('pending', (test) => add(test, 'pending'));
    this.once('end', () => {
      open--;
      c.report.ended = open === 0;
      c.write();
    });
    c.write();
    return original.apply(this, args);
  };
  return () => {
    prototype.run = original;
  };
}

export async function run(): Promise<void> {
  const suite = process.env.PRICE_ATLAS_HOST_SUITE;
  const c = counter(suite ?? '', process.env.PRICE_ATLAS_HOST_REPORT);
  c.write();
  const unwatch = watchMocha(c);
  try {
    if (!suite) throw new Error('PRICE_ATLAS_HOST_SUITE is not set: the driver names the suite to run');
    const entry = require(suite) as { run?: () => Promise<void> | void };
    if (typeof entry.run !== 'function') throw new Error(`${suite} does not export run()`);
    await entry.run();
  } catch (err) {
    c.report.error = describeError(err);
    // Rejecting makes the workbench exit non-zero; the report says which tests failed.
    throw err;
  } finally {
    unwatch();
    c.report.settled = true;
    c.write();
  }
}
