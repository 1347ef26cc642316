/**
 * The cost in USD of one request. Tokens: cached prompt tokens at the cached price when one is set
 * (else at the input price), cache writes likewise at the cache-write price. Images, audio minutes
 * and TTS characters at their prices when the request used them; a batch request at the batch
 * multiplier.
 */
import type { Usage } from '@conduit/plugin-api';
import type { ModelPrice } from './price-table.ts';

/** Usage that is not tokens, for the endpoints that have it. */
export interface ExtraUsage {
  images?: number;
  audioInputSeconds?: number;
  audioOutputSeconds?: number;
  ttsCharacters?: number;
  /** Served through a batch API: the batch multiplier applies. */
  batch?: boolean;
}

export function computeCost(usage: Usage, price: ModelPrice, extra: ExtraUsage = {}): number {
  const cached = usage.prompt_tokens_details?.cached_tokens ?? 0;
  const cacheWrite = usage.prompt_tokens_details?.cache_write_tokens ?? 0;
  const plainInput = Math.max(0, usage.prompt_tokens - cached - cacheWrite);
  const tokens =
    (plainInput * price.inputPerMillion +
      cached * (price.cachedInputPerMillion ?? price.inputPerMillion) +
      cacheWrite * (price.cacheWritePerMillion ?? price.inputPerMillion) +
      usage.completion_tokens * price.outputPerMillion) /
    1_000_000;
  const other =
    (extra.images ?? 0) * (price.perImage ?? 0) +
    ((extra.audioInputSeconds ?? 0) / 60) * (price.audioInputPerMinute ?? 0) +
    ((extra.audioOutputSeconds ?? 0) / 60) * (price.audioOutputPerMinute ?? 0) +
    ((extra.ttsCharacters ?? 0) / 1000) * (price.ttsPerThousandChars ?? 0);
  const cost = tokens + other;
  return extra.batch && price.batchMultiplier !== null ? cost * price.batchMultiplier : cost;
}
