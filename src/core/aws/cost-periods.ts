/**
 * Cost Explorer date ranges. CE works in UTC calendar days written YYYY-MM-DD, and `End` is
 * exclusive (docs/aws-formats.md §5.19): the month to date of 2026-11-23 is Start 2026-11-01, End 2026-11-24.
 */
export interface CostPeriod {
  /** First day, inclusive (YYYY-MM-DD). */
  start: string;
  /** Day after the last, exclusive (YYYY-MM-DD). */
  end: string;
}

export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function utcDay(year: number, month: number, day: number): Date {
  return new Date(Date.UTC(year, month, day));
}

/** From the first of this month to the end of today, so today's (partial, estimated) costs count. */
export function monthToDatePeriod(now: Date): CostPeriod {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  return { start: isoDay(utcDay(y, m, 1)), end: isoDay(utcDay(y, m, now.getUTCDate() + 1)) };
}

/**
 * The rest of the month, for GetCostForecast: it must start today or later, and ends at the first
 * of next month. On the last day of a month that is one day, never empty.
 */
export function restOfMonthPeriod(now: Date): CostPeriod {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  return { start: isoDay(utcDay(y, m, now.getUTCDate())), end: isoDay(utcDay(y, m + 1, 1)) };
}

export function wholeMonthPeriod(now: Date): CostPeriod {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  return { start: isoDay(utcDay(y, m, 1)), end: isoDay(utcDay(y, m + 1, 1)) };
}
