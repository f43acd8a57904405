// The help and the usage errors of the bundled CLI (dist/cli.js), run as a user would: commander
// is bundled, its output goes through the CLI's streams, and it never exits the process itself.
import * as assert from 'node:assert/strict';
import { runCli } from './helpers';

describe('price-atlas help and usage errors (dist/cli.js)', () => {
  it('price-atlas --help lists the commands, and says each has its own --help', async () => {
    const run = await runCli(['--help']);
    assert.equal(run.code, 0, run.stderr);
    for (const name of ['services', 'regions', 'versions', 'download', 'verify', 'scan', 'estimate', 'index', 'price', 'compare', 'budgets', 'costs', 'spot']) {
      assert.match(run.stdout, new RegExp(`^  ${name} `, 'm'), name);
    }
    assert.match(run.stdout, /price-atlas <command> --help/);
  });

  it("price-atlas estimate --help and price-atlas help download show the command's own options", async () => {
    const estimate = await runCli(['estimate', '--help']);
    assert.equal(estimate.code, 0, estimate.stderr);
    assert.match(estimate.stdout, /^Usage: price-atlas estimate <path\.\.\.> \[options\]/m);
    for (const flag of ['--store <dir>', '--region <region>', '--hours-per-month <hours>', '--usage <file>', '--json'])
      assert.ok(estimate.stdout.includes(flag), flag);
    assert.doesNotMatch(estimate.stdout, /--services/, "not another command's options");
    const download = await runCli(['help', 'download']);
    assert.equal(download.code, 0, download.stderr);
    assert.match(download.stdout, /--services <codes\.\.\.>/);
    assert.match(download.stdout, /--no-savings-plans/);
  });

  it('an unknown option or command exits 2, names it and says what to do', async () => {
    const option = await runCli(['estimate', 'infra', '--hours', '100']);
    assert.equal(option.code, 2);
    assert.equal(option.stdout, '');
    assert.match(option.stderr, /^price-atlas estimate: unknown option '--hours'\n {2}→ .*price-atlas estimate --help/m);
    const command = await runCli(['estimat']);
    assert.equal(command.code, 2);
    assert.match(command.stderr, /^price-atlas: unknown command 'estimat'\n {2}→ did you mean estimate\?/m);
    const version = await runCli(['--version']);
    assert.equal(version.code, 0);
    assert.match(version.stdout, /^\d+\.\d+\.\d+/);
  });
});
