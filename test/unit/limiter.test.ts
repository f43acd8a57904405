import * as assert from 'node:assert/strict';
import { createLimiter } from '../../src/core/download/limiter';

describe('limiter', () => {
  it('never runs more than the limit at once, even with tasks queued between releases', async () => {
    const limit = createLimiter(3);
    let running = 0;
    let peak = 0;
    const task = async (ms: number): Promise<number> => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, ms));
      running--;
      return ms;
    };
    const first = Array.from({ length: 10 }, (_, i) => limit(() => task(5 + (i % 3))));
    await new Promise((r) => setTimeout(r, 6));
    const second = Array.from({ length: 10 }, () => limit(() => task(1)));
    const results = await Promise.all([...first, ...second]);
    assert.equal(results.length, 20);
    assert.equal(peak, 3);
  });

  it('frees the slot when a task throws', async () => {
    const limit = createLimiter(1);
    await assert.rejects(
      limit(async () => {
        throw new Error('boom');
      }),
      /boom/,
    );
    assert.equal(await limit(async () => 7), 7);
  });

  it('refuses a non-positive limit', () => {
    assert.throws(() => createLimiter(0), RangeError);
  });
});
