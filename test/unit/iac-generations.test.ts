import * as assert from 'node:assert/strict';
import {
  cheaperAlternatives,
  currentGenerationFor,
  isPreviousGeneration,
  pricedAlternatives,
  previousGenerationFamilies,
} from '../../src/core/iac/generations';
import { isSizeToken } from '../../src/core/iac/size-grammar';

describe('IaC size suggestions (by grammar; the caller prices them)', () => {
  it('suggests current generations for previous-generation sizes, keeping size, prefix and suffix', () => {
    assert.deepEqual(currentGenerationFor('m4.large'), ['m7i.large', 'm7g.large']);
    assert.deepEqual(currentGenerationFor('t2.micro'), ['t3.micro', 't4g.micro']);
    assert.deepEqual(currentGenerationFor('c4.2xlarge'), ['c7i.2xlarge', 'c7g.2xlarge']);
    assert.deepEqual(currentGenerationFor('r4.xlarge'), ['r7i.xlarge', 'r7g.xlarge']);
    assert.deepEqual(currentGenerationFor('db.m4.large'), ['db.m6i.large', 'db.m7g.large']);
    assert.deepEqual(currentGenerationFor('db.t2.small'), ['db.t3.small', 'db.t4g.small']);
    assert.deepEqual(currentGenerationFor('cache.r4.large'), ['cache.r7g.large', 'cache.r6g.large']);
    assert.deepEqual(currentGenerationFor('m4.large.elasticsearch'), ['m7g.large.elasticsearch', 'm6g.large.elasticsearch']);
    assert.deepEqual(currentGenerationFor('r4.large.search'), ['r7g.large.search', 'r6g.large.search']);
    for (const current of ['m5.large', 't3.micro', 'm7g.large', 'db.r6g.large', 'cache.t4g.micro', 'kafka.m5.large', 'nonsense']) {
      assert.deepEqual(currentGenerationFor(current), [], current);
      assert.equal(isPreviousGeneration(current), false);
    }
    assert.equal(isPreviousGeneration('m4.large'), true);
  });

  it('every suggestion table entry is a family the grammar accepts', () => {
    for (const table of Object.values(previousGenerationFamilies)) {
      for (const [old, current] of Object.entries(table)) {
        assert.ok(isSizeToken(`${old}.large`), old);
        for (const c of current) assert.ok(isSizeToken(`${c}.large`), c);
      }
    }
  });

  it('lists same-size alternatives: Graviton first, then newer generations, then other processors', () => {
    const m5 = cheaperAlternatives('m5.xlarge');
    assert.deepEqual(
      m5.slice(0, 3).map((a) => [a.size, a.reason]),
      [
        ['m8g.xlarge', 'graviton'],
        ['m7g.xlarge', 'graviton'],
        ['m6g.xlarge', 'graviton'],
      ],
    );
    assert.deepEqual(
      m5.filter((a) => a.reason === 'newer-generation').map((a) => a.family),
      ['m8i', 'm7i', 'm6i', 'm7i-flex'],
    );
    assert.deepEqual(
      m5.filter((a) => a.reason === 'other-processor').map((a) => a.family),
      ['m8a', 'm7a', 'm6a', 'm5a'],
    );
    assert.ok(!m5.some((a) => a.family === 'm5'), 'never the size itself');
    // Features (local NVMe) are kept; prefixes and suffixes too.
    assert.ok(cheaperAlternatives('m5d.large').every((a) => a.family.endsWith('d')));
    assert.deepEqual(
      cheaperAlternatives('db.r5.large')
        .slice(0, 2)
        .map((a) => a.size),
      ['db.r8g.large', 'db.r7g.large'],
    );
    assert.ok(cheaperAlternatives('r6g.large.search').some((a) => a.size === 'r7g.large.search' && a.reason === 'newer-generation'));
    assert.deepEqual(
      cheaperAlternatives('t3.micro').map((a) => a.size),
      ['t4g.micro', 't3a.micro'],
    );
    assert.deepEqual(
      cheaperAlternatives('t2.micro').map((a) => a.size),
      ['t4g.micro', 't3.micro', 't3a.micro'],
    );
    assert.deepEqual(cheaperAlternatives('t4g.micro'), []);
    for (const none of ['u-6tb1.metal', 'mac2.metal', 'x2iedn.xlarge', 'garbage']) assert.deepEqual(cheaperAlternatives(none), [], none);
    for (const a of cheaperAlternatives('c5n.2xlarge')) assert.ok(isSizeToken(a.size), a.size);
  });
});

describe('priced alternatives', () => {
  it('keeps the cheaper ones that have a price, best saving first, at most the limit', async () => {
    const prices: Record<string, number> = { 'm7g.xlarge': 0.1632, 'm6g.xlarge': 0.154, 'm7i.xlarge': 0.2016, 'm6a.xlarge': 0.1728 };
    const got = await pricedAlternatives('m5.xlarge', 0.192, async (size) =>
      prices[size] === undefined ? undefined : { record: size, hourly: prices[size]! },
    );
    assert.deepEqual(
      got.map((g) => [g.record, Math.round(g.saving * 1000) / 1000]),
      [
        ['m6g.xlarge', 0.198],
        ['m7g.xlarge', 0.15],
        ['m6a.xlarge', 0.1],
      ],
    );
    assert.deepEqual(await pricedAlternatives('m5.xlarge', 0, async () => ({ record: 'x', hourly: 0.01 })), [], 'no base price: nothing is cheaper');
  });
});
