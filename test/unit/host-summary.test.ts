import * as assert from 'node:assert/strict';
import type { HostReport, HostTestResult } from '../host/host-report';
import { countLine, summarize } from '../host/host-summary';

const test = (name: string, state: HostTestResult['state']): HostTestResult => ({
  title: name,
  fullTitle: `suite ${name}`,
  state,
  ...(state === 'failed' && { error: 'AssertionError: nope' }),
});

function report(tests: HostTestResult[], over: Partial<HostReport> = {}): HostReport {
  return { suite: '/x/index.js', runs: 1, total: tests.length, tests, ended: true, settled: true, ...over };
}

describe('host run summary', () => {
  it('counts what the report lists: 3 passed, 1 failed fails the run', () => {
    const s = summarize({ report: report([test('a', 'passed'), test('b', 'passed'), test('c', 'passed'), test('d', 'failed')]), exitCode: 1 });
    assert.deepEqual(s.counts, { passed: 3, failed: 1, pending: 0 });
    assert.equal(countLine(s.counts!), '3 passed, 1 failed');
    assert.equal(s.ok, false);
    assert.ok(s.lines.includes('  ✖ suite d'));
    assert.ok(s.lines.some((l) => l.includes('AssertionError: nope')));
  });

  it('passes with every test passed and exit code 0', () => {
    const s = summarize({ report: report([test('a', 'passed'), test('b', 'pending')]), exitCode: 0 });
    assert.equal(countLine(s.counts!), '1 passed, 0 failed, 1 pending');
    assert.deepEqual(s.problems, []);
    assert.equal(s.ok, true);
  });

  it('no report: no counts at all, and a failed run', () => {
    const s = summarize({ exitCode: 1 });
    assert.equal(s.counts, undefined);
    assert.equal(s.ok, false);
    assert.match(s.problems.join('\n'), /counts are unknown/);
  });

  it('a report without a mocha run (another framework, a suite that threw first): no counts', () => {
    const other = summarize({ report: report([], { runs: 0 }), exitCode: 0 });
    assert.equal(other.counts, undefined);
    assert.equal(other.ok, false, 'exit code 0 alone is not a pass');
    const threw = summarize({ report: report([], { runs: 0, error: 'Error: Cannot find module' }), exitCode: 1 });
    assert.equal(threw.counts, undefined);
    assert.match(threw.problems.join('\n'), /failed before any test ran: Error: Cannot find module/);
  });

  it('a run that stopped early says how many did not report', () => {
    const s = summarize({ report: report([test('a', 'passed')], { total: 5, ended: false, settled: false }), runError: 'host tests timed out after 240 s' });
    assert.deepEqual(s.counts, { passed: 1, failed: 0, pending: 0 });
    assert.equal(s.ok, false);
    assert.match(s.problems.join('\n'), /timed out/);
    assert.match(s.problems.join('\n'), /4 of 5 did not/);
  });

  it('a non-zero exit without a failed test fails the run', () => {
    const s = summarize({ report: report([test('a', 'passed')]), exitCode: 1 });
    assert.equal(s.ok, false);
    assert.match(s.problems.join('\n'), /exited with code 1/);
  });
});
