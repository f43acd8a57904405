import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { OptionValues } from 'commander';
import type { CliIo } from '../../src/cli/commands';
import { cliCommands, runCommandLine } from '../../src/cli/program';
import { UsageError } from '../../src/core/errors';

/** What one command line did: the command it would run and with what, or the output and error. */
interface Parsed {
  code?: number;
  error?: UsageError;
  ran?: { command: string; operands: string[]; options: OptionValues };
  stdout: string;
  stderr: string;
}

function fakeIo(): { io: CliIo; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  const stream = (write: (s: string) => void): NodeJS.WriteStream =>
    ({ write: (s: string) => (write(s), true), isTTY: false }) as unknown as NodeJS.WriteStream;
  const io: CliIo = { stdout: stream((s) => (out += s)), stderr: stream((s) => (err += s)), env: {}, cwd: '/', signal: new AbortController().signal };
  return { io, out: () => out, err: () => err };
}

/** Parses with the CLI's own program; the command is recorded, not run. */
async function parse(...argv: string[]): Promise<Parsed> {
  const { io, out, err } = fakeIo();
  let ran: Parsed['ran'];
  try {
    const code = await runCommandLine(argv, io, async (command, operands, options) => {
      ran = { command: command.name, operands, options };
      return 0;
    });
    return { code, ran, stdout: out(), stderr: err() };
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    return { error: e, ran, stdout: out(), stderr: err() };
  }
}

async function options(...argv: string[]): Promise<OptionValues> {
  const p = await parse(...argv);
  assert.equal(p.error, undefined, `${argv.join(' ')}: ${p.error?.message}`);
  assert.ok(p.ran, `${argv.join(' ')} ran nothing`);
  return p.ran.options;
}

async function refused(argv: string[], message: RegExp, hint?: RegExp): Promise<void> {
  const p = await parse(...argv);
  assert.ok(p.error, `${argv.join(' ')} was accepted`);
  assert.match(p.error.message, message);
  if (hint) assert.match(p.error.hint ?? '', hint);
  assert.equal(p.ran, undefined, 'nothing runs after a usage error');
}

describe('CLI argument parsing (commander)', () => {
  it('takes lists space- or comma-separated, repeated or with =', async () => {
    const o = await options('download', '--services', 'AmazonEC2', 'AmazonRDS', '--regions=us-east-1,eu-west-1', '--json', '--regions', 'ap-south-1');
    assert.deepEqual(o.services, ['AmazonEC2', 'AmazonRDS']);
    assert.deepEqual(o.regions, ['us-east-1', 'eu-west-1', 'ap-south-1']);
    assert.equal(o.json, true);
  });

  it('supports --no- for negatable flags only, and leaves the unset ones unset', async () => {
    assert.equal((await options('download', '--no-savings-plans')).savingsPlans, false);
    assert.equal((await options('download', '--no-metrics')).metrics, false);
    assert.equal((await options('download', '--progress')).progress, true);
    const plain = await options('download');
    // Unset, so the command decides (a terminal shows progress; Savings Plans files by default).
    assert.equal(plain.savingsPlans, undefined);
    assert.equal(plain.metrics, undefined);
    assert.equal(plain.progress, undefined);
    await refused(['download', '--no-json'], /unknown option '--no-json'/);
    await refused(['regions', 'AmazonEC2', '--no-savings-plans'], /unknown option '--no-savings-plans'/);
  });

  it('refuses unknown options, naming the option, with a suggestion', async () => {
    await refused(['download', '--servics', 'x'], /unknown option '--servics'/, /did you mean --services\?/);
    await refused(['budgets', '--bogus'], /unknown option '--bogus'/, /price-atlas budgets --help/);
    await refused(['download', '-x'], /unknown option '-x'/);
    await refused(['download', '--format'], /argument missing/);
    await refused(['download', '--services'], /argument missing/);
    await refused(['download', '--services', ','], /--services needs at least one value/);
    await refused(['download', '--output-dir', '--json'], /--output-dir needs a value/);
  });

  it('refuses unknown commands, with a suggestion', async () => {
    await refused(['mirror'], /unknown command 'mirror'/, /commands: services, regions/);
    await refused(['budgts'], /unknown command 'budgts'/, /did you mean budgets\?/);
    await refused(['help', 'budgts'], /unknown command 'budgts'/, /did you mean budgets\?/);
  });

  it('validates numbers and choices, with the range in the message; fills in the defaults', async () => {
    const o = await options('download', '--max-concurrent', '4', '--format', 'csv', '--retry-max-wait=2.5');
    assert.equal(o.maxConcurrent, 4);
    assert.equal(o.format, 'csv');
    assert.equal(o.retryMaxWait, 2.5);
    const d = await options('download');
    assert.deepEqual(
      [d.maxConcurrent, d.format, d.verify, d.retries, d.retryMinWait, d.retryMaxWait, d.connectTimeout, d.readTimeout, d.totalTimeout, d.maxFileSize],
      [8, 'json', 'full', 5, 1, 60, 10, 30, 3600, 32],
    );
    assert.equal((await options('estimate', 'x')).hoursPerMonth, 730);
    assert.deepEqual(
      [(await options('spot', 'm5.large')).days, (await options('spot', 'm5.large')).product, (await options('budgets')).maxAttempts],
      [7, 'Linux/UNIX', 5],
    );
    await refused(['download', '--max-concurrent', '0'], /--max-concurrent must be an integer from 1 to 64, not "0"/);
    await refused(['download', '--max-concurrent', '2.5'], /integer/);
    await refused(['download', '--format', 'xml'], /--format must be one of json, csv, not "xml"/);
    await refused(['costs', '--cache-ttl', 'soon'], /--cache-ttl must be a number from 0 to 744/);
    await refused(['services', '--log-level', 'loud'], /--log-level must be one of debug, info, warn, error, silent/);
    assert.equal((await options('services', '--log-level', 'DEBUG')).logLevel, 'debug');
  });

  it('passes operands through, `--` included, for the command to count', async () => {
    const p = await parse('scan', 'a.tf', '--json', '--', '--odd.tf');
    assert.deepEqual(p.ran?.operands, ['a.tf', '--odd.tf']);
    assert.equal(p.ran?.options.json, true);
    assert.deepEqual((await parse('budgets', 'extra')).ran?.operands, ['extra']);
  });

  it('price-atlas --help lists every command; no command at all prints it and exits 2', async () => {
    const help = await parse('--help');
    assert.equal(help.code, 0);
    assert.equal(help.ran, undefined);
    for (const c of cliCommands) assert.match(help.stdout, new RegExp(`^  ${c.name} `, 'm'), `${c.name} is not listed`);
    assert.match(help.stdout, /price-atlas <command> --help/);
    assert.match(help.stdout, /Exit codes: 0/);
    const none = await parse();
    assert.equal(none.code, 2);
    assert.equal(none.stdout, help.stdout);
    assert.equal((await parse('--version')).stdout.trim().length > 0, true);
  });

  for (const c of cliCommands) {
    it(`price-atlas ${c.name} --help shows its usage and every option it accepts, as does help ${c.name}`, async () => {
      const help = await parse(c.name, '--help');
      assert.equal(help.code, 0);
      assert.equal(help.ran, undefined, '--help runs nothing');
      assert.equal(help.stderr, '');
      assert.match(help.stdout, new RegExp(`^Usage: price-atlas ${c.name} `, 'm'));
      for (const option of c.options()) {
        if (option.hidden) continue;
        assert.ok(help.stdout.includes(option.flags), `${c.name} --help lacks ${option.flags}`);
      }
      assert.equal((await parse('help', c.name)).stdout, help.stdout);
      assert.equal((await parse(c.name, '-h')).stdout, help.stdout);
    });
  }

  it("every option the README documents for the CLI is in some command's --help", async () => {
    const readme = readFileSync(path.resolve(__dirname, '../../../README.md'), 'utf8');
    const cli = readme.slice(readme.indexOf('## The CLI'), readme.indexOf('## Development'));
    const documented = new Set([...cli.matchAll(/`(--[a-z][a-z-]*)/g)].map((m) => m[1]!));
    assert.ok(documented.size > 30, `only ${documented.size} options found in the README: the extractor is broken`);
    let helps = '';
    for (const c of cliCommands) helps += (await parse(c.name, '--help')).stdout;
    // On an option's own line of a help, not merely mentioned in a description.
    const missing = [...documented].filter((flag) => !new RegExp(`^ {2}${flag}(?![\\w-])`, 'm').test(helps));
    assert.deepEqual(missing, []);
  });
});
