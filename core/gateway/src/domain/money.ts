/**
 * Money is counted in whole nano-dollars (1 USD = 1,000,000,000): request costs, spend, budgets,
 * reservations, in memory, in Redis and in the database. Integers add exactly, so sums of many small
 * costs never drift (0.1 + 0.2 problems), and every amount prints as the decimal it is.
 *
 * Why nano and not micro: per-token prices are fractions of a micro-dollar (gpt-4o-mini's input is
 * $0.15 per million tokens, 0.15 µ$ a token; text-embedding-3-small $0.02 per million), so micro-dollars
 * would round a short request to zero and bias every small one. In nano-dollars any price with up to
 * three decimals per million tokens is a whole number per token; a request's cost is computed exactly
 * and rounded once, to the nearest nano-dollar. The range: JavaScript numbers and Redis' Lua hold
 * integers exactly up to 2^53 nano-dollars, about $9 million per counter (a key's or group's spend in
 * one period); budgets are capped below that (maxBudgetUsd).
 */

export const nanosPerUsd = 1_000_000_000;

/** The largest budget a key or group may have, in USD: well inside exact integer range. */
export const maxBudgetUsd = 9_000_000;

/** USD (a decimal number as an admin types it) to nano-dollars, rounded to the nearest. */
export function usdToNanos(usd: number): number {
  return Math.round(usd * nanosPerUsd);
}

/**
 * Nano-dollars to USD as a JavaScript number for APIs (GraphQL Float, JSON). The division is
 * correctly rounded, so the number is the double nearest the exact decimal and prints as that decimal
 * (87750 -> 0.00008775).
 */
export function nanosToUsd(nanos: number): number {
  return nanos / nanosPerUsd;
}

/** The exact decimal of an amount, without trailing zeros: 87750 -> "0.00008775". */
export function formatNanos(nanos: number): string {
  const negative = nanos < 0;
  const digits = String(Math.abs(Math.round(nanos))).padStart(10, '0');
  const whole = digits.slice(0, -9);
  const fraction = digits.slice(-9).replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/** For messages: `$0.00008775`. */
export function formatUsd(nanos: number): string {
  return `$${formatNanos(nanos)}`;
}

/**
 * A price per million tokens as pico-dollars per token (a price held to $0.000001 per million): the
 * integer unit in which a request's token cost is summed before it is rounded to nano-dollars.
 */
export function picosPerToken(perMillionUsd: number): bigint {
  return BigInt(Math.round(perMillionUsd * 1_000_000));
}

/** Pico-dollars rounded half up to nano-dollars. */
export function picosToNanos(picos: bigint): number {
  return Number((picos + 500n) / 1000n);
}
