/**
 * A budget as people read it: limit, actual and forecast spend as numbers, percent used, and which
 * side of the 80% / 100% lines it is on. Pure; the Budgets API calls are in budgets.ts.
 */
import type { Budget, BudgetedAndActualAmounts } from '@aws-sdk/client-budgets';
import { parseMoney, roundTo } from './aws-amounts';
import type { Money } from './aws-amounts';
import { budgetScope } from './budget-scope';
import type { BudgetScope } from './budget-scope';

/** under: below 80% of the limit; near: 80% to 100%; over: above 100%. */
export type BudgetThreshold = 'under' | 'near' | 'over';

export const nearThresholdPercent = 80;

export interface BudgetStatus {
  name: string;
  /** COST, USAGE, RI_UTILIZATION, ... */
  type: string;
  /** DAILY, MONTHLY, QUARTERLY, ANNUALLY, CUSTOM */
  timeUnit: string;
  limit: Money | null;
  actual: Money | null;
  forecast: Money | null;
  /** actual / limit x 100, two decimals; null without a limit (or with a zero one). */
  percentUsed: number | null;
  /** forecast / limit x 100; null without a forecast. */
  forecastPercent: number | null;
  threshold: BudgetThreshold;
  /** The budget's whole time period (ISO), when AWS gives one. */
  period: { start: string; end: string } | null;
  lastUpdated: string | null;
  /** Which costs it counts, from its filters. */
  scope: BudgetScope;
}

export interface BudgetPeriodStatus {
  start: string;
  end: string;
  budgeted: Money | null;
  actual: Money | null;
  percentUsed: number | null;
  threshold: BudgetThreshold;
}

export function percentOf(amount: Money | null, limit: Money | null): number | null {
  if (!amount || !limit || limit.amount <= 0) return null;
  return roundTo((amount.amount / limit.amount) * 100, 2);
}

export function thresholdOf(percent: number | null, actual: Money | null): BudgetThreshold {
  // No usable limit: any spend at all is over it.
  if (percent === null) return actual && actual.amount > 0 ? 'over' : 'under';
  if (percent > 100) return 'over';
  return percent >= nearThresholdPercent ? 'near' : 'under';
}

/**
 * The limit in force now. Budgets with planned limits (a different amount per period) may carry
 * no BudgetLimit; PlannedBudgetLimits is keyed by each period's start in epoch seconds (docs/aws-formats.md §3.2), and
 * the period that has started most recently applies.
 */
export function currentLimit(budget: Pick<Budget, 'BudgetLimit' | 'PlannedBudgetLimits'>, now: Date): Money | null {
  const planned = Object.entries(budget.PlannedBudgetLimits ?? {})
    .map(([start, spend]) => ({ start: Number(start), spend }))
    .filter((p) => Number.isFinite(p.start))
    .sort((a, b) => a.start - b.start);
  if (planned.length > 0) {
    const nowSeconds = now.getTime() / 1000;
    const started = planned.filter((p) => p.start <= nowSeconds);
    const pick = started.length > 0 ? started[started.length - 1]! : planned[0]!;
    return parseMoney(pick.spend, 'planned budget limit');
  }
  return parseMoney(budget.BudgetLimit, 'budget limit');
}

export function budgetStatus(budget: Budget, now: Date): BudgetStatus {
  const name = budget.BudgetName ?? '';
  const limit = currentLimit(budget, now);
  const actual = parseMoney(budget.CalculatedSpend?.ActualSpend, `actual spend of budget "${name}"`);
  const forecast = parseMoney(budget.CalculatedSpend?.ForecastedSpend, `forecast of budget "${name}"`);
  const percentUsed = percentOf(actual, limit);
  const start = budget.TimePeriod?.Start;
  const end = budget.TimePeriod?.End;
  return {
    name,
    type: budget.BudgetType ?? '',
    timeUnit: budget.TimeUnit ?? '',
    limit,
    actual,
    forecast,
    percentUsed,
    forecastPercent: percentOf(forecast, limit),
    threshold: thresholdOf(percentUsed, actual),
    period: start && end ? { start: start.toISOString(), end: end.toISOString() } : null,
    lastUpdated: budget.LastUpdatedTime ? budget.LastUpdatedTime.toISOString() : null,
    scope: budgetScope(budget),
  };
}

export function budgetPeriodStatus(entry: BudgetedAndActualAmounts): BudgetPeriodStatus {
  const budgeted = parseMoney(entry.BudgetedAmount, 'budgeted amount');
  const actual = parseMoney(entry.ActualAmount, 'actual amount');
  const percentUsed = percentOf(actual, budgeted);
  return {
    start: entry.TimePeriod?.Start?.toISOString() ?? '',
    end: entry.TimePeriod?.End?.toISOString() ?? '',
    budgeted,
    actual,
    percentUsed,
    threshold: thresholdOf(percentUsed, actual),
  };
}
