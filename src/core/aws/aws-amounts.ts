import { PriceAtlasError } from '../errors';
import { optionRemedy } from '../remedy';

/** An amount of money or usage as AWS reports it, converted once. */
export interface Money {
  amount: number;
  unit: string;
}

// Budgets send long decimal strings ("604.4560000000000172803993336856365203857421875", docs/aws-formats.md §5.18);
// Cost Explorer amounts can be negative (credits, refunds) and, rarely, in exponent form.
const DECIMAL = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/**
 * A decimal string as a number, rounded to 10 decimals: all the precision money, usage or a
 * percentage needs. Anything that is not a plain decimal is refused instead of becoming NaN
 * somewhere downstream.
 */
export function parseAmount(value: string | undefined | null, what: string): number {
  const text = value?.trim() ?? '';
  if (!DECIMAL.test(text))
    throw new PriceAtlasError(
      `${what}: "${text.slice(0, 60)}" is not a decimal amount`,
      'AWS sent something unexpected; try again, or report it with the debug log',
      {
        remedy: optionRemedy('logLevel'),
      },
    );
  // The long strings are binary floats written out in full; 10 decimals give back the amount
  // AWS meant ("2641.548000000000229..." is 2641.548, not 2641.5480000000002).
  return Number(Number(text).toFixed(10));
}

export function parseMoney(spend: { Amount?: string | undefined; Unit?: string | undefined } | undefined, what: string): Money | null {
  if (!spend || spend.Amount === undefined) return null;
  return { amount: parseAmount(spend.Amount, what), unit: spend.Unit ?? '' };
}

/** Rounded for people and JSON, so 87.12 / 100 does not print as 87.11999999999999. */
export function roundTo(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}
