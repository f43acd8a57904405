import * as assert from 'node:assert/strict';
import { createJsonLogger, scrubString } from '../../src/core/logger';
import { redactUrl } from '../../src/core/download/endpoint';

describe('logger', () => {
  const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
  const token = 'IQoJb3JpZ2luX2VjEXAMPLETOKEN';

  it('writes JSON lines at or above the level', () => {
    const lines: string[] = [];
    const log = createJsonLogger({ level: 'info', write: (l) => lines.push(l), now: () => new Date('2026-11-23T00:00:00Z') });
    log.debug('hidden');
    log.info('shown', { bytes: 3 });
    log.child({ path: '/x' }).warn('child');
    assert.equal(lines.length, 2);
    assert.deepEqual(JSON.parse(lines[0]!), { time: '2026-11-23T00:00:00.000Z', level: 'info', msg: 'shown', bytes: 3 });
    assert.deepEqual(JSON.parse(lines[1]!), { time: '2026-11-23T00:00:00.000Z', level: 'warn', msg: 'child', path: '/x' });
  });

  it('never writes credentials, whatever field or string they hide in', () => {
    const lines: string[] = [];
    const log = createJsonLogger({ level: 'debug', write: (l) => lines.push(l) });
    log.info('using key AKIAIOSFODNN7EXAMPLE', {
      secretAccessKey: secret,
      sessionToken: token,
      nested: { Authorization: `AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE, Signature=${secret}` },
      url: `https://user:${secret}@mirror.example.com/offers/index.json?X-Amz-Security-Token=${token}&X-Amz-Signature=abc`,
      error: new Error(`failed for https://u:${secret}@h/x`),
    });
    const text = lines.join('');
    assert.ok(!text.includes(secret), text);
    assert.ok(!text.includes(token), text);
    assert.ok(!text.includes('AKIAIOSFODNN7EXAMPLE'), text);
    assert.match(text, /mirror\.example\.com/);
  });

  it('redacts URLs for display', () => {
    assert.equal(redactUrl('https://u:p@mirror.example.com/a?sig=1'), 'https://mirror.example.com/a?…');
    assert.equal(
      redactUrl('https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/index.json'),
      'https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/index.json',
    );
    assert.equal(scrubString('key ASIAABCDEFGHIJKLMNOP here'), 'key ASIA**************** here');
  });
});
