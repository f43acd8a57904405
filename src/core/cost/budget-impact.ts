/**
 * What a cost change means for the budgets that cover it. A budget covers a change when its filters
 * say so: no filter covers everything; a filter on SERVICE (and REGION) covers the components billed
 * under those services in those regions. Filters this model cannot evaluate (tags, linked accounts,
 * usage types, cost categories, NOT/OR) make the answer unknown, and the budget is listed as such,
 * never counted in or out by guess. Pure: the Budgets calls are in aws/budgets.ts.
 */
import { roundTo } from '../aws/aws-amounts';
import type { BudgetScope } from '../aws/budget-scope';
import { percentOf } from '../aws/budget-status';
import type { BudgetStatus } from '../aws/budget-status';
import { formatMoney } from '../format';
import type { Estimate } from './estimate';
import type { PriceKind } from '../prices/price-types';

/**
 * The Cost Explorer / Budgets SERVICE dimension value each priced kind is billed under. EBS volumes
 * and NAT gateways are not "Compute": AWS bills them as "EC2 - Other" (docs/aws-formats.md §3.2.1).
 */
export const billedService: Readonly<Record<PriceKind, string>> = {
  ec2: 'Amazon Elastic Compute Cloud - Compute',
  ebs: 'EC2 - Other',
  natgateway: 'EC2 - Other',
  rds: 'Amazon Relational Database Service',
  rdsstorage: 'Amazon Relational Database Service',
  elasticache: 'Amazon ElastiCache',
  opensearch: 'Amazon OpenSearch Service',
  eks: 'Amazon Elastic Container Service for Kubernetes',
  elb: 'Amazon Elastic Load Balancing',
  lambda: 'AWS Lambda',
};

/** The one part of a change a budget may count: a component's monthly delta, billed under a service in a region. */
export interface CostChange {
  service: string;
  region: string;
  monthly: number;
}

function covers(scope: BudgetScope, change: CostChange): boolean {
  if (scope.kind === 'everything') return true;
  if (scope.kind === 'unknown') return false;
  return (!scope.services || scope.services.includes(change.service)) && (!scope.regions || scope.regions.includes(change.region));
}

export interface BudgetImpact {
  budget: string;
  /** Why the budget counts the change (which rule matched). */
  rule: string;
  timeUnit: string;
  currency: string;
  /** The covered part of the change, per month. */
  monthlyDelta: number;
  /** The same over one whole period of the budget (a quarter is 3 months, a day is 24 h of the month's hours). */
  periodDelta: number;
  limit: number | null;
  actual: number | null;
  forecast: number | null;
  percentUsed: number | null;
  forecastPercent: number | null;
  /** The forecast if the change ran for the whole period; null when AWS has no forecast yet. */
  forecastAfter: number | null;
  forecastAfterPercent: number | null;
}

export interface BudgetImpactReport {
  impacts: BudgetImpact[];
  /** Cost budgets whose filters cannot be read against a change: named, so nobody takes silence for "not affected". */
  unknown: { budget: string; rule: string }[];
}

export interface BudgetImpactOptions {
  currency: string;
  hoursPerMonth: number;
}

/** Months in one period of a budget; null for a period this cannot scale to. */
function monthsPerPeriod(b: BudgetStatus, hoursPerMonth: number): number | null {
  switch (b.timeUnit) {
    case 'DAILY':
      return 24 / hoursPerMonth;
    case 'MONTHLY':
      return 1;
    case 'QUARTERLY':
      return 3;
    case 'ANNUALLY':
      return 12;
    case 'CUSTOM': {
      if (!b.period) return null;
      const hours = (Date.parse(b.period.end) - Date.parse(b.period.start)) / 3_600_000;
      return hours > 0 ? hours / hoursPerMonth : null;
    }
    default:
      return null;
  }
}

const cents = (n: number): number => roundTo(n, 2);

/**
 * Each cost budget that covers some of the changes, with the covered delta and the forecast it
 * would bring. Budgets of usage, RI or Savings Plans coverage count something else and are left out;
 * a budget in another currency is left out too (it cannot be added to without a rate).
 */
export function budgetImpacts(budgets: readonly BudgetStatus[], changes: readonly CostChange[], options: BudgetImpactOptions): BudgetImpactReport {
  const impacts: BudgetImpact[] = [];
  const unknown: BudgetImpactReport['unknown'] = [];
  for (const b of budgets) {
    if (b.type !== 'COST') continue;
    if (b.limit && b.limit.unit !== options.currency) continue;
    if (b.scope.kind === 'unknown') {
      unknown.push({ budget: b.name, rule: b.scope.rule });
      continue;
    }
    const covered = changes.filter((c) => covers(b.scope, c));
    if (covered.length === 0) continue;
    const months = monthsPerPeriod(b, options.hoursPerMonth);
    if (months === null) continue;
    const monthlyDelta = cents(covered.reduce((s, c) => s + c.monthly, 0));
    if (monthlyDelta === 0) continue;
    const periodDelta = cents(monthlyDelta * months);
    const limit = b.limit?.amount ?? null;
    const forecastAfter = b.forecast ? cents(b.forecast.amount + periodDelta) : null;
    impacts.push({
      budget: b.name,
      rule: b.scope.rule,
      timeUnit: b.timeUnit,
      currency: options.currency,
      monthlyDelta,
      periodDelta,
      limit,
      actual: b.actual?.amount ?? null,
      forecast: b.forecast?.amount ?? null,
      percentUsed: b.percentUsed,
      forecastPercent: b.forecastPercent,
      forecastAfter,
      forecastAfterPercent: forecastAfter === null ? null : percentOf({ amount: forecastAfter, unit: options.currency }, b.limit),
    });
  }
  return { impacts, unknown };
}

/** Monthly cost per billed service and region of one side of a change. */
function costsByService(estimate: Estimate): Map<string, CostChange> {
  const out = new Map<string, CostChange>();
  for (const r of estimate.resources) {
    for (const c of r.components) {
      const service = billedService[c.kind];
      const key = `${service}\u0000${r.region}`;
      const entry = out.get(key) ?? { service, region: r.region, monthly: 0 };
      entry.monthly += c.monthly;
      out.set(key, entry);
    }
  }
  return out;
}

/**
 * What a change adds (or saves) per billed service and region, from the two estimates: sums, so it
 * needs no matching of resources. Unpriced components are in neither side, as in the totals.
 */
export function costChanges(base: Estimate, head: Estimate): CostChange[] {
  const before = costsByService(base);
  const after = costsByService(head);
  const changes: CostChange[] = [];
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const b = before.get(key);
    const a = after.get(key);
    const monthly = cents((a?.monthly ?? 0) - (b?.monthly ?? 0));
    if (monthly !== 0) changes.push({ service: (a ?? b)!.service, region: (a ?? b)!.region, monthly });
  }
  return changes;
}

const periodWord: Readonly<Record<string, string>> = { DAILY: 'day', MONTHLY: 'month', QUARTERLY: 'quarter', ANNUALLY: 'year', CUSTOM: 'period' };

/**
 * One budget's impact as a sentence both hosts show (plain text, no markup): "adds $412.00/month:
 * budget prod-monthly (no filter: it counts all costs) is at 86% of $10,000.00 with $9,120.00
 * forecast; this would bring the forecast to $9,532.00 (95.32%)".
 */
export function impactSentence(i: BudgetImpact): string {
  const money = (n: number): string => formatMoney(Math.abs(n), i.currency, 2);
  const verb = i.monthlyDelta >= 0 ? 'adds' : 'saves';
  const per = periodWord[i.timeUnit] ?? 'period';
  const perPeriod = per === 'month' ? '' : ` (${money(i.periodDelta)} a ${per})`;
  const used = i.limit === null ? 'has no limit' : `is at ${i.percentUsed ?? 0}% of ${money(i.limit)}`;
  const forecast = i.forecast === null ? ' (AWS has no forecast yet)' : ` with ${money(i.forecast)} forecast`;
  const after =
    i.forecastAfter === null
      ? ''
      : `; this would bring the forecast to ${money(i.forecastAfter)}${i.forecastAfterPercent === null ? '' : ` (${i.forecastAfterPercent}%)`}`;
  return `${verb} ${money(i.monthlyDelta)}/month${perPeriod}: budget ${i.budget} (${i.rule}) ${used}${forecast}${after}`;
}
