/**
 * Cost Explorer: this month's cost by service and the forecast to the end of the month. Each
 * request is billed ($0.01, docs/aws-formats.md §5.19), so callers go through cost-cache.ts; these functions make the
 * requests and nothing else.
 */
import { GetCostAndUsageCommand, GetCostForecastCommand } from '@aws-sdk/client-cost-explorer';
import { parseAmount, roundTo } from './aws-amounts';
import type { Money } from './aws-amounts';
import { AwsError } from './aws-errors';
import { allPages } from './aws-paging';
import type { AwsSession } from './aws-session';
import { monthToDatePeriod, restOfMonthPeriod } from './cost-periods';
import type { CostPeriod } from './cost-periods';

export const costAndUsageAction = 'ce:GetCostAndUsage';
export const costForecastAction = 'ce:GetCostForecast';

/** What the bill shows before discounts are amortised; the metric the console's default view uses. */
const METRIC = 'UnblendedCost';
const FORECAST_METRIC = 'UNBLENDED_COST';

export interface ServiceCost {
  service: string;
  amount: number;
  unit: string;
}

export interface MonthToDateCosts {
  period: CostPeriod;
  metric: string;
  /** Largest first. */
  services: ServiceCost[];
  total: Money;
  /** True while the period includes days AWS has not finished billing. */
  estimated: boolean;
}

export interface CostForecast {
  /** Forecast spend from today to the end of the month. */
  period: CostPeriod;
  remaining: Money;
  /** Month to date plus the rest: the expected bill for the month. */
  monthEnd: Money;
}

const round = (n: number): number => roundTo(n, 2);

/** Month-to-date cost grouped by service, every page (NextPageToken) merged. */
export async function fetchMonthToDateCosts(session: AwsSession, now: Date): Promise<MonthToDateCosts> {
  const client = session.costExplorer();
  const period = monthToDatePeriod(now);
  const results = await allPages(async (token) => {
    const out = await session.call(costAndUsageAction, session.globalRegion, () =>
      client.send(
        new GetCostAndUsageCommand({
          TimePeriod: { Start: period.start, End: period.end },
          Granularity: 'MONTHLY',
          Metrics: [METRIC],
          GroupBy: [{ Type: 'DIMENSION', Key: 'SERVICE' }],
          ...(token ? { NextPageToken: token } : {}),
        }),
      ),
    );
    return { items: out.ResultsByTime ?? [], next: out.NextPageToken };
  }, 'Cost Explorer GetCostAndUsage');
  // A page holds part of the groups; the same service can also appear once per result period.
  const byService = new Map<string, { amount: number; unit: string }>();
  let estimated = false;
  let unit = '';
  for (const result of results) {
    if (result.Estimated) estimated = true;
    for (const group of result.Groups ?? []) {
      const service = group.Keys?.[0] ?? '(no service)';
      const metric = group.Metrics?.[METRIC];
      if (!metric) continue;
      const amount = parseAmount(metric.Amount, `cost of ${service}`);
      const entry = byService.get(service) ?? { amount: 0, unit: metric.Unit ?? '' };
      entry.amount += amount;
      byService.set(service, entry);
      unit ||= metric.Unit ?? '';
    }
  }
  const services = [...byService].map(([service, v]) => ({ service, amount: round(v.amount), unit: v.unit }));
  services.sort((a, b) => b.amount - a.amount || a.service.localeCompare(b.service));
  // Grouped answers carry an empty Total (docs/aws-formats.md §3.3): the total is the sum of the groups.
  const total = services.reduce((sum, s) => sum + s.amount, 0);
  return { period, metric: METRIC, services, total: { amount: round(total), unit: unit || 'USD' }, estimated };
}

/**
 * The forecast for the rest of the month, or null when Cost Explorer has too little history to
 * forecast (new accounts: DataUnavailableException) — not an error for a cost summary.
 */
export async function fetchRestOfMonthForecast(session: AwsSession, now: Date): Promise<{ period: CostPeriod; remaining: Money } | null> {
  const client = session.costExplorer();
  const period = restOfMonthPeriod(now);
  try {
    const out = await session.call(costForecastAction, session.globalRegion, () =>
      client.send(new GetCostForecastCommand({ TimePeriod: { Start: period.start, End: period.end }, Metric: FORECAST_METRIC, Granularity: 'MONTHLY' })),
    );
    if (!out.Total?.Amount) return null;
    return { period, remaining: { amount: round(parseAmount(out.Total.Amount, 'cost forecast')), unit: out.Total.Unit ?? 'USD' } };
  } catch (err) {
    if (err instanceof AwsError && err.kind === 'data-unavailable') return null;
    throw err;
  }
}

export interface CostSummary extends MonthToDateCosts {
  accountId: string;
  forecast: CostForecast | null;
}

/** Month to date and the month-end forecast: two requests or more (one per page). */
export async function fetchCostSummary(session: AwsSession, accountId: string, now: Date): Promise<CostSummary> {
  const mtd = await fetchMonthToDateCosts(session, now);
  const rest = await fetchRestOfMonthForecast(session, now);
  // Today's partial costs are in both parts; AWS bills them late, so the overlap is small.
  const forecast = rest
    ? { period: rest.period, remaining: rest.remaining, monthEnd: { amount: round(mtd.total.amount + rest.remaining.amount), unit: rest.remaining.unit } }
    : null;
  return { accountId, ...mtd, forecast };
}
