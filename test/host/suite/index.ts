// Test entry loaded by VS Code's extension host (payload `extensionTestsPath`): the same contract
// as with @vscode/test-electron, a module whose run() runs mocha inside the host. The workbench
// mixes its own log lines with the tests' console output, so results also go, as JSON, to the file
// named by PRICE_ATLAS_HOST_REPORT, which the driver (run-host-tests.ts) reads and prints.

import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export interface HostTestResult {
  title: string;
  fullTitle: string;
  state: 'passed' | 'failed';
  error?: string;
}

function testFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return testFiles(full);
    return e.isFile() && e.name.endsWith('.test.js') ? [full] : [];
  });
}

function describeError(err: unknown): string {
  if (err instanceof Error) {
    // Message plus a few frames: enough to find the assertion without mocha's internals.
    const stack = (err.stack ?? `${err.name}: ${err.message}`).split('\n');
    const head = stack.findIndex((l) => /^\s+at /.test(l));
    return (head < 0 ? stack : stack.slice(0, head + 4)).join('\n');
  }
  return String(err);
}

export function run(): Promise<void> {
  const reportFile = process.env.PRICE_ATLAS_HOST_REPORT;
  const results: HostTestResult[] = [];
  // Written after every test too, so a run that hangs or times out still leaves what finished.
  const writeReport = (): void => {
    if (reportFile) fs.writeFileSync(reportFile, JSON.stringify(results, null, 2));
  };

  // Generous: real downloads and index builds inside a host on a shared 2-core machine.
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false });
  for (const file of testFiles(__dirname).sort()) mocha.addFile(file);

  return new Promise<void>((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        writeReport();
        // Rejecting makes the workbench exit non-zero too; the report says which tests failed.
        if (failures > 0) reject(new Error(`${failures} host test(s) failed`));
        else resolve();
      });
      runner.on('pass', (test) => {
        results.push({ title: test.title, fullTitle: test.fullTitle(), state: 'passed' });
        writeReport();
      });
      // Also fires for failing hooks (title '"before all" hook ...'), which would otherwise vanish.
      runner.on('fail', (test, err) => {
        results.push({ title: test.title, fullTitle: test.fullTitle(), state: 'failed', error: describeError(err) });
        writeReport();
      });
    } catch (err) {
      // e.g. a test file that throws on load.
      results.push({ title: 'loading host tests', fullTitle: 'loading host tests', state: 'failed', error: describeError(err) });
      writeReport();
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}
