// The host suite's entry, with the same contract as under @vscode/test-electron: run() runs mocha
// inside the extension host and rejects when a test fails. The driver does not load it directly:
// host-entry.ts counts its mocha events into the report the driver prints, then calls this.

import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

function testFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return testFiles(full);
    return e.isFile() && e.name.endsWith('.test.js') ? [full] : [];
  });
}

export function run(): Promise<void> {
  // Generous: real downloads and index builds inside a host on a shared 2-core machine.
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false });
  // One test alone (`HOST_TEST_GREP=pattern`): how a test is shown not to depend on the ones before it.
  if (process.env.HOST_TEST_GREP) mocha.grep(process.env.HOST_TEST_GREP);
  for (const file of testFiles(__dirname).sort()) mocha.addFile(file);
  return new Promise<void>((resolve, reject) => {
    // A test file that throws on load throws here, and rejects run(): the driver reports it.
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} host test(s) failed`)) : resolve()));
  });
}
