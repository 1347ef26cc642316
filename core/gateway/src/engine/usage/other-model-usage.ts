/**
 * Usage of models other than the one a request was routed to, used within it and billed apart by
 * the provider: a realtime session's transcription of the user's audio. Each part is priced with its
 * own model's price (found by that name alone, as price-table.ts finds any); a part no price matches
 * costs nothing and leaves the request unpriced, as usage of an unpriced model does.
 */
import type { Usage } from '@conduit/plugin-api';
import type { AudioMeasure } from '../../domain/audio-measure.ts';
import { computeCost } from './compute-cost.ts';
import type { ModelPrice } from './price-table.ts';

export interface OtherModelUsage {
  /** The model as the provider names it (`whisper-1`); undefined when the plugin could not tell. */
  model: string | undefined;
  /** Tokens (audio tokens in `prompt_tokens_details.audio_tokens`, at the model's audio-input token price). */
  usage?: Usage;
  /** Seconds of audio in, at the model's per-minute audio-input price. */
  audio?: AudioMeasure;
}

export interface OtherModelsCost {
  costNanos: number;
  /** Some part had usage and no price. */
  unpriced: boolean;
}

const noCost: OtherModelsCost = { costNanos: 0, unpriced: false };

export function otherModelsCost(parts: readonly OtherModelUsage[] | undefined, prices: { find(...names: Array<string | undefined>): ModelPrice | undefined }): OtherModelsCost {
  if (!parts || parts.length === 0) return noCost;
  let costNanos = 0;
  let unpriced = false;
  for (const part of parts) {
    const price = part.model === undefined ? undefined : prices.find(part.model);
    if (price) costNanos += computeCost(part.usage, price, part.audio);
    else unpriced = true;
  }
  return { costNanos, unpriced };
}
