import * as assert from 'node:assert/strict';
import { allPages } from '../../src/core/aws/aws-paging';
import { createAwsRetryStrategy } from '../../src/core/aws/aws-retry';
import type { AwsRetryEvent } from '../../src/core/aws/aws-retry';
import { PriceAtlasError } from '../../src/core/errors';

describe('AWS paging', () => {
  it('reads every page until the token is empty or absent', async () => {
    const pages: Record<string, { items: number[]; next?: string | null }> = {
      '': { items: [1, 2], next: 'a' },
      a: { items: [3], next: 'b' },
      b: { items: [], next: '' },
    };
    const asked: string[] = [];
    const items = await allPages(async (token) => {
      asked.push(token ?? '');
      return pages[token ?? '']!;
    }, 'test');
    assert.deepEqual(items, [1, 2, 3]);
    assert.deepEqual(asked, ['', 'a', 'b']);
  });

  it('stops on a token that comes back twice, and on too many pages', async () => {
    await assert.rejects(
      allPages(async () => ({ items: [1], next: 'same' }), 'loop'),
      (e: unknown) => e instanceof PriceAtlasError && /same page token twice/.test(e.message),
    );
    let n = 0;
    await assert.rejects(
      allPages(async () => ({ items: [], next: String(n++) }), 'long', 5),
      /more than 5 pages/,
    );
  });
});

describe('AWS retry strategy', () => {
  const info = (errorType: string, code = 'ThrottlingException') => ({ errorType, error: { name: code } });

  it('retries throttling, transient and server errors up to maxAttempts, with capped full-jitter waits', async () => {
    const events: AwsRetryEvent[] = [];
    const strategy = createAwsRetryStrategy({ maxAttempts: 4, minDelayMs: 100, maxDelayMs: 250, random: () => 0.999, onRetry: (e) => events.push(e) });
    let token = await strategy.acquireInitialRetryToken('');
    for (const type of ['THROTTLING', 'TRANSIENT', 'SERVER_ERROR']) token = await strategy.refreshRetryTokenForRetry(token, info(type));
    assert.equal(token.getRetryCount(), 3);
    assert.deepEqual(
      events.map((e) => [e.retry, e.delayMs, e.errorType, e.code]),
      [
        [1, 99, 'THROTTLING', 'ThrottlingException'],
        [2, 199, 'TRANSIENT', 'ThrottlingException'],
        [3, 249, 'SERVER_ERROR', 'ThrottlingException'],
      ],
    );
    await assert.rejects(strategy.refreshRetryTokenForRetry(token, info('THROTTLING')), 'the 5th attempt is not allowed');
  });

  it('never retries client errors (AccessDenied, expired tokens, validation)', async () => {
    const strategy = createAwsRetryStrategy({ maxAttempts: 5 });
    await assert.rejects(strategy.refreshRetryTokenForRetry(await strategy.acquireInitialRetryToken(''), info('CLIENT_ERROR', 'AccessDeniedException')));
  });

  it('with maxAttempts 1 makes a single attempt', async () => {
    const strategy = createAwsRetryStrategy({ maxAttempts: 1 });
    await assert.rejects(strategy.refreshRetryTokenForRetry(await strategy.acquireInitialRetryToken(''), info('THROTTLING')));
  });
});
