/**
 * The cost of one request in nano-dollars (see domain/money.ts): cached prompt tokens at the cached
 * price when one is set (else at the input price), cache writes likewise at the cache-write price.
 * Summed exactly in pico-dollars and rounded once.
 */
import type { Usage } from '@conduit/plugin-api';
import { picosPerToken, picosToNanos } from '../../domain/money.ts';
import type { ModelPrice } from './price-table.ts';
import type { AudioMeasure } from '../../domain/audio-measure.ts';

export function computeCost(usage: Usage, price: ModelPrice, _audio?: AudioMeasure): number {
  const cached = usage.prompt_tokens_details?.cached_tokens ?? 0;
  const cacheWrite = usage.prompt_tokens_details?.cache_write_tokens ?? 0;
  const plainInput = Math.max(0, usage.prompt_tokens - cached - cacheWrite);
  const picos =
    BigInt(plainInput) * picosPerToken(price.inputPerMillion) +
    BigInt(cached) * picosPerToken(price.cachedInputPerMillion ?? price.inputPerMillion) +
    BigInt(cacheWrite) * picosPerToken(price.cacheWritePerMillion ?? price.inputPerMillion) +
    BigInt(Math.max(0, usage.completion_tokens)) * picosPerToken(price.outputPerMillion);
  return picosToNanos(picos);
}
