import * as assert from 'node:assert/strict';
import { parseAmount, parseMoney } from '../../src/core/aws/aws-amounts';
import { budgetPeriodStatus, budgetStatus, currentLimit, thresholdOf } from '../../src/core/aws/budget-status';
import { PriceAtlasError } from '../../src/core/errors';

const now = new Date('2026-11-23T12:00:00Z');

describe('budget amounts and status', () => {
  it("reads Budgets' long decimal strings and Cost Explorer's signed ones as numbers", () => {
    assert.equal(parseAmount('604.4560000000000172803993336856365203857421875', 'x'), 604.456);
    assert.equal(parseAmount('2641.54800000000022919266484677791595458984375', 'x'), 2641.548);
    assert.equal(parseAmount('-0.0012', 'x'), -0.0012);
    assert.equal(parseAmount('.5', 'x'), 0.5);
    assert.equal(parseAmount('1.5E-7', 'x'), 1.5e-7);
    for (const bad of ['', 'abc', '1,000', 'NaN', '1.2.3']) assert.throws(() => parseAmount(bad, 'limit'), PriceAtlasError, bad);
    assert.equal(parseMoney(undefined, 'x'), null);
  });

  it('puts percentages under 80% / 80-100% / over', () => {
    assert.equal(thresholdOf(79.99, null), 'under');
    assert.equal(thresholdOf(80, null), 'near');
    assert.equal(thresholdOf(100, null), 'near');
    assert.equal(thresholdOf(100.01, null), 'over');
    // No limit to compare with: spending anything is over it.
    assert.equal(thresholdOf(null, { amount: 1, unit: 'USD' }), 'over');
    assert.equal(thresholdOf(null, { amount: 0, unit: 'USD' }), 'under');
  });

  it('turns a Budget into limit, actual, forecast, percent used and threshold', () => {
    const s = budgetStatus(
      {
        BudgetName: 'Example Budget',
        BudgetType: 'COST',
        TimeUnit: 'MONTHLY',
        BudgetLimit: { Amount: '100', Unit: 'USD' },
        CalculatedSpend: {
          ActualSpend: { Amount: '604.4560000000000172803993336856365203857421875', Unit: 'USD' },
          ForecastedSpend: { Amount: '2641.54800000000022919266484677791595458984375', Unit: 'USD' },
        },
        TimePeriod: { Start: new Date(1477958399000), End: new Date(3706473600000) },
      },
      now,
    );
    assert.deepEqual(
      { limit: s.limit, actual: s.actual, forecast: s.forecast, percentUsed: s.percentUsed, forecastPercent: s.forecastPercent, threshold: s.threshold },
      {
        limit: { amount: 100, unit: 'USD' },
        actual: { amount: 604.456, unit: 'USD' },
        forecast: { amount: 2641.548, unit: 'USD' },
        percentUsed: 604.46,
        forecastPercent: 2641.55,
        threshold: 'over',
      },
    );
    assert.deepEqual(s.period, { start: '2016-10-31T23:59:59.000Z', end: '2087-06-15T00:00:00.000Z' });
  });

  it('gives a budget without a forecast a null forecast', () => {
    const s = budgetStatus(
      {
        BudgetName: 'b',
        BudgetType: 'COST',
        TimeUnit: 'DAILY',
        BudgetLimit: { Amount: '5', Unit: 'USD' },
        CalculatedSpend: { ActualSpend: { Amount: '4.5', Unit: 'USD' } },
      },
      now,
    );
    assert.equal(s.forecast, null);
    assert.equal(s.percentUsed, 90);
    assert.equal(s.threshold, 'near');
  });

  it('uses the planned limit of the period that started last', () => {
    const month = (m: number): string => String(Date.UTC(2026, m, 1) / 1000);
    const planned = { [month(9)]: { Amount: '300', Unit: 'USD' }, [month(10)]: { Amount: '350', Unit: 'USD' }, [month(11)]: { Amount: '400', Unit: 'USD' } };
    assert.deepEqual(currentLimit({ PlannedBudgetLimits: planned }, now), { amount: 350, unit: 'USD' });
    // Before the first planned period: the first one.
    assert.deepEqual(currentLimit({ PlannedBudgetLimits: planned }, new Date('2026-01-01T00:00:00Z')), { amount: 300, unit: 'USD' });
  });

  it('reads a past period of the performance history', () => {
    const p = budgetPeriodStatus({
      BudgetedAmount: { Amount: '100.0', Unit: 'USD' },
      ActualAmount: { Amount: '87.12', Unit: 'USD' },
      TimePeriod: { Start: new Date(1717200000000), End: new Date(1719792000000) },
    });
    assert.deepEqual(p, {
      start: '2024-06-01T00:00:00.000Z',
      end: '2024-07-01T00:00:00.000Z',
      budgeted: { amount: 100, unit: 'USD' },
      actual: { amount: 87.12, unit: 'USD' },
      percentUsed: 87.12,
      threshold: 'near',
    });
  });
});
