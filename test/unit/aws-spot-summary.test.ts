import * as assert from 'node:assert/strict';
import { summariseSpotPrices } from '../../src/core/aws/spot-prices';
import type { SpotPricePoint } from '../../src/core/aws/spot-prices';

const at = (iso: string): Date => new Date(iso);
const point = (zone: string, price: number, iso: string): SpotPricePoint => ({
  availabilityZone: zone,
  instanceType: 'm5.large',
  productDescription: 'Linux/UNIX',
  price,
  timestamp: at(iso),
});

describe('spot price summary', () => {
  const window = { start: at('2026-11-16T12:00:00Z'), end: at('2026-11-23T12:00:00Z') };

  it('gives per zone the latest price, and min/max of the prices in effect during the window', () => {
    const zones = summariseSpotPrices(
      [
        point('us-east-1b', 0.05, '2026-11-20T00:00:00Z'),
        point('us-east-1a', 0.04, '2026-11-22T00:00:00Z'),
        point('us-east-1a', 0.03, '2026-11-18T00:00:00Z'),
        // In effect when the window opened: counts.
        point('us-east-1a', 0.02, '2026-11-15T00:00:00Z'),
        // Superseded before the window opened: does not count.
        point('us-east-1a', 0.01, '2026-11-10T00:00:00Z'),
      ],
      window,
    );
    assert.deepEqual(zones, [
      { availabilityZone: 'us-east-1a', current: 0.04, since: '2026-11-22T00:00:00.000Z', min: 0.02, max: 0.04, changes: 3 },
      { availabilityZone: 'us-east-1b', current: 0.05, since: '2026-11-20T00:00:00.000Z', min: 0.05, max: 0.05, changes: 1 },
    ]);
  });

  it('keeps a zone whose only price predates the window (still in effect), and ignores changes after its end', () => {
    const zones = summariseSpotPrices([point('us-east-1c', 0.07, '2026-11-01T00:00:00Z'), point('us-east-1c', 0.09, '2026-11-24T00:00:00Z')], window);
    assert.deepEqual(zones, [{ availabilityZone: 'us-east-1c', current: 0.07, since: '2026-11-01T00:00:00.000Z', min: 0.07, max: 0.07, changes: 1 }]);
  });

  it('gives no zones for no prices', () => {
    assert.deepEqual(summariseSpotPrices([], window), []);
  });
});
