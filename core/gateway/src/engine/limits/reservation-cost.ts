/**
 * A request's worst-case cost, reserved against budgets before it runs: every prompt token at the
 * dearest input price (plain or cache write) and the most output it may produce, at the prices of the
 * dearest deployment that may serve it. An unpriced deployment costs nothing.
 */
import type { ModelPrice } from '../usage/price-table.ts';

export function worstCaseCost(prices: ReadonlyArray<ModelPrice | undefined>, promptTokens: number, outputTokens: number): number {
  let worst = 0;
  for (const price of prices) {
    if (!price) continue;
    const input = Math.max(price.inputPerMillion, price.cacheWritePerMillion ?? 0);
    worst = Math.max(worst, (promptTokens * input + outputTokens * price.outputPerMillion) / 1_000_000);
  }
  return worst;
}

/** The output a request may produce: its max_tokens, else the largest output limit known for its models. */
export function worstCaseOutputTokens(
  maxOutputTokens: number | undefined,
  prices: ReadonlyArray<ModelPrice | undefined>,
  defaultMaxOutputTokens: number,
): number {
  if (maxOutputTokens !== undefined) return maxOutputTokens;
  let known: number | undefined;
  for (const price of prices) {
    const limit = price?.maxOutputTokens;
    if (typeof limit === 'number') known = Math.max(known ?? 0, limit);
  }
  return known ?? defaultMaxOutputTokens;
}
