import * as assert from 'node:assert/strict';
import { monthToDatePeriod, restOfMonthPeriod, wholeMonthPeriod } from '../../src/core/aws/cost-periods';

describe('Cost Explorer periods (UTC days, End exclusive)', () => {
  it('month to date runs from the 1st to tomorrow, so today counts', () => {
    assert.deepEqual(monthToDatePeriod(new Date('2026-11-23T12:00:00Z')), { start: '2026-11-01', end: '2026-11-24' });
    assert.deepEqual(monthToDatePeriod(new Date('2026-11-01T00:00:00Z')), { start: '2026-11-01', end: '2026-11-02' });
    assert.deepEqual(monthToDatePeriod(new Date('2026-12-31T23:59:59Z')), { start: '2026-12-01', end: '2027-01-01' });
  });

  it('the forecast starts today and ends at the first of next month, never empty', () => {
    assert.deepEqual(restOfMonthPeriod(new Date('2026-11-23T12:00:00Z')), { start: '2026-11-23', end: '2026-12-01' });
    assert.deepEqual(restOfMonthPeriod(new Date('2026-12-31T08:00:00Z')), { start: '2026-12-31', end: '2027-01-01' });
    assert.deepEqual(restOfMonthPeriod(new Date('2028-02-29T08:00:00Z')), { start: '2028-02-29', end: '2028-03-01' });
  });

  it('uses the UTC day, not the local one', () => {
    // 23:30 UTC on the 30th is already the 1st in UTC+1; Cost Explorer's day is UTC.
    assert.deepEqual(monthToDatePeriod(new Date('2026-11-30T23:30:00Z')), { start: '2026-11-01', end: '2026-12-01' });
    assert.deepEqual(wholeMonthPeriod(new Date('2026-11-30T23:30:00Z')), { start: '2026-11-01', end: '2026-12-01' });
  });
});
