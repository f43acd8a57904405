import * as assert from 'node:assert/strict';
import { terminalSafe } from '../../src/cli/terminal-safe';

describe('terminalSafe', () => {
  it('turns ESC, BEL, C1 controls, DEL and bidi overrides into visible \\u escapes', () => {
    assert.equal(terminalSafe('a\u001b]0;t\u0007b'), 'a\\u001b]0;t\\u0007b');
    assert.equal(terminalSafe('x\u009bq\u007fz'), 'x\\u009bq\\u007fz');
    assert.equal(terminalSafe('abc\u202edef\u2066'), 'abc\\u202edef\\u2066');
    assert.equal(terminalSafe('a\rb'), 'a\\u000db');
  });

  it('keeps newlines, tabs, plain Unicode and the progress line\'s own "carriage return, clear line"', () => {
    assert.equal(terminalSafe('m5.large\t$0.096 — €\n'), 'm5.large\t$0.096 — €\n');
    assert.equal(terminalSafe('\r\u001b[2Kdownloading 3/7'), '\r\u001b[2Kdownloading 3/7');
    assert.equal(terminalSafe('\r\u001b[2Kname \u001b[31m'), '\r\u001b[2Kname \\u001b[31m');
  });

  it('keeps JSON meaning: an escaped document parses back to the same strings', () => {
    const doc = { code: 'Evil\u202e', note: 'ok' };
    const text = terminalSafe(JSON.stringify(doc));
    assert.ok(!/\u202e/.test(text));
    assert.deepEqual(JSON.parse(text), doc);
  });

  it('is stateless across calls (a global regex must not keep lastIndex)', () => {
    for (let i = 0; i < 3; i++) assert.equal(terminalSafe('\u001b'), '\\u001b');
  });
});
