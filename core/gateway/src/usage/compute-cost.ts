/**
 * The cost in USD of one request's token usage. Cached prompt tokens are billed at the cached price
 * when one is set (else at the input price); cache writes likewise at the cache-write price.
 */
import type { Usage } from '@conduit/plugin-api';
import type { ModelPrice } from './price-table.ts';

export function computeCost(usage: Usage, price: ModelPrice): number {
  const cached = usage.prompt_tokens_details?.cached_tokens ?? 0;
  const cacheWrite = usage.prompt_tokens_details?.cache_write_tokens ?? 0;
  const plainInput = Math.max(0, usage.prompt_tokens - cached - cacheWrite);
  const cost =
    plainInput * price.inputPerMillion +
    cached * (price.cachedInputPerMillion ?? price.inputPerMillion) +
    cacheWrite * (price.cacheWritePerMillion ?? price.inputPerMillion) +
    usage.completion_tokens * price.outputPerMillion;
  return cost / 1_000_000;
}
