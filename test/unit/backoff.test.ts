import * as assert from 'node:assert/strict';
import { backoffDelay, isRetryableNetworkError, isRetryableStatus, maxRetryAfterMs, parseRetryAfter, retryDelay, sleep } from '../../src/core/backoff';
import { HttpStatusError, TruncatedBodyError } from '../../src/core/errors';
import { retrying } from '../../src/core/download/retrying';

const policy = { retries: 5, minDelayMs: 1000, maxDelayMs: 8000 };

describe('backoff', () => {
  it('grows exponentially and caps, with full jitter between 0 and the cap', () => {
    assert.equal(
      backoffDelay(1, policy, () => 0.999999),
      999,
    );
    assert.equal(
      backoffDelay(2, policy, () => 0.999999),
      1999,
    );
    assert.equal(
      backoffDelay(3, policy, () => 0.999999),
      3999,
    );
    assert.equal(
      backoffDelay(4, policy, () => 0.999999),
      7999,
    );
    assert.equal(
      backoffDelay(9, policy, () => 0.999999),
      7999,
    );
    assert.equal(
      backoffDelay(3, policy, () => 0),
      0,
    );
    assert.equal(
      backoffDelay(3, policy, () => 0.5),
      2000,
    );
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2026-11-23T10:00:00Z');
    assert.equal(parseRetryAfter('7', now), 7000);
    assert.equal(parseRetryAfter(' 0 ', now), 0);
    assert.equal(parseRetryAfter('Mon, 23 Nov 2026 10:00:30 GMT', now), 30_000);
    assert.equal(parseRetryAfter('Mon, 23 Nov 2026 09:00:00 GMT', now), 0);
    assert.equal(parseRetryAfter('soon', now), undefined);
    assert.equal(parseRetryAfter(undefined, now), undefined);
  });

  it('prefers the server’s Retry-After over backoff, within a sane cap', () => {
    assert.equal(
      retryDelay(1, policy, 12_000, () => 0.5),
      12_000,
    );
    assert.equal(
      retryDelay(1, policy, undefined, () => 0.5),
      500,
    );
    assert.equal(retryDelay(1, policy, 10 * 3600_000), maxRetryAfterMs);
  });

  it('retries the statuses and network errors a retry can fix, and nothing else', () => {
    for (const s of [429, 500, 502, 503, 504]) assert.ok(isRetryableStatus(s), String(s));
    for (const s of [400, 401, 403, 404, 416, 501]) assert.ok(!isRetryableStatus(s), String(s));
    assert.ok(isRetryableNetworkError(Object.assign(new Error('x'), { code: 'ECONNRESET' })));
    assert.ok(isRetryableNetworkError(new Error('wrapped', { cause: Object.assign(new Error('y'), { code: 'UND_ERR_SOCKET' }) })));
    assert.ok(!isRetryableNetworkError(Object.assign(new Error('x'), { code: 'ENOTFOUND' })));
    assert.ok(!isRetryableNetworkError(new Error('plain')));
  });

  it('sleep rejects at once when aborted', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const pending = sleep(10_000, controller.signal);
    controller.abort(new Error('stop'));
    await assert.rejects(pending, /stop/);
    assert.ok(Date.now() - started < 5000);
  });
});

describe('retrying', () => {
  it('retries retryable failures with the policy’s waits and Retry-After, then succeeds', async () => {
    const waits: number[] = [];
    let calls = 0;
    const value = await retrying(
      async (n) => {
        calls++;
        if (n === 1) throw new HttpStatusError(503, 'u', 2000);
        if (n === 2) throw new TruncatedBodyError(10, 20);
        return 'ok';
      },
      { policy, random: () => 0.5, sleep: async (ms) => void waits.push(ms) },
    );
    assert.equal(value, 'ok');
    assert.equal(calls, 3);
    assert.deepEqual(waits, [2000, 1000]);
  });

  it('gives up after the configured retries with the last error', async () => {
    let calls = 0;
    await assert.rejects(
      retrying(
        async () => {
          calls++;
          throw new HttpStatusError(500, 'u');
        },
        { policy: { ...policy, retries: 2 }, sleep: async () => undefined },
      ),
      (err: unknown) => err instanceof HttpStatusError && err.status === 500,
    );
    assert.equal(calls, 3);
  });

  it('does not retry a 404', async () => {
    let calls = 0;
    await assert.rejects(
      retrying(
        async () => {
          calls++;
          throw new HttpStatusError(404, 'u');
        },
        { policy, sleep: async () => undefined },
      ),
    );
    assert.equal(calls, 1);
  });

  it('stops when the next wait would pass the deadline', async () => {
    let calls = 0;
    await assert.rejects(
      retrying(
        async () => {
          calls++;
          throw new HttpStatusError(429, 'u', 60_000);
        },
        { policy, deadline: Date.now() + 1000, sleep: async () => undefined },
      ),
    );
    assert.equal(calls, 1);
  });
});
