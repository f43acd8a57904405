/** Small sums over price records, shared by the CLI, the views and the hovers. */
import type { PriceRecord, ReservedPrice, SavingsPlanPrice } from './price-types';

/** AWS's own convention for a month of running time (730 = 8760 / 12). */
export const hoursPerMonthDefault = 730;

/** The Reserved option with the lowest effective hourly price (hourly + amortised upfront). */
export function bestReserved(r: PriceRecord): ReservedPrice | undefined {
  let best: ReservedPrice | undefined;
  for (const x of r.reserved) if (!best || x.effectiveHourly < best.effectiveHourly) best = x;
  return best;
}

/** The Savings Plan with the lowest hourly rate for this usage. */
export function bestSavingsPlan(r: PriceRecord): SavingsPlanPrice | undefined {
  let best: SavingsPlanPrice | undefined;
  for (const x of r.savingsPlans) if (!best || x.hourly < best.hourly) best = x;
  return best;
}

export function monthly(hourly: number, hoursPerMonth = hoursPerMonthDefault): number {
  return hourly * hoursPerMonth;
}
