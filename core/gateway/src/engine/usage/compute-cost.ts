/**
 * The cost of one request in nano-dollars (see domain/money.ts): cached prompt tokens at the cached
 * price when one is set (else at the input price), cache writes likewise at the cache-write price
 * (those kept for an hour at the 1-hour cache-write price when one is set);
 * audio tokens at the audio token prices when set (else as text tokens); and the audio the request
 * used — seconds in and out at the per-minute prices, characters spoken at the per-1M-characters price,
 * a session's length at the per-minute session price; generated images at the per-image price when
 * the answer is billed per image (see image-pricing.ts). Each part is billed at its own price when that
 * price is set, so a model is priced by tokens, by minutes, by characters or by images as its table
 * entry says. Summed exactly in pico-dollars and rounded once.
 */
import type { Usage } from '@conduit/plugin-api';
import type { AudioMeasure } from '../../domain/audio-measure.ts';
import { picosPerToken, picosToNanos } from '../../domain/money.ts';
import { billedPerImage, picosPerImage } from './image-pricing.ts';
import type { ModelPrice } from './price-table.ts';

/** `images`: the images an image answer returned. */
export function computeCost(usage: Usage | undefined, price: ModelPrice, audio?: AudioMeasure, images?: number): number {
  let picos = usage ? tokenPicos(usage, price) : 0n;
  if (audio) picos += audioPicos(audio, price);
  if (images !== undefined && billedPerImage(price, usage)) picos += BigInt(Math.max(0, Math.round(images))) * picosPerImage(price.perImage!);
  return picosToNanos(picos);
}

function tokenPicos(usage: Usage, price: ModelPrice): bigint {
  const cached = usage.prompt_tokens_details?.cached_tokens ?? 0;
  const cacheWrite = usage.prompt_tokens_details?.cache_write_tokens ?? 0;
  const hourWrites = Math.min(cacheWrite, usage.prompt_tokens_details?.cache_write_1h_tokens ?? 0);
  const cacheWritePrice = price.cacheWritePerMillion ?? price.inputPerMillion;
  const audioIn = price.audioInputPerMillion === null ? 0 : (usage.prompt_tokens_details?.audio_tokens ?? 0);
  const audioOut = price.audioOutputPerMillion === null ? 0 : (usage.completion_tokens_details?.audio_tokens ?? 0);
  const plainInput = Math.max(0, usage.prompt_tokens - cached - cacheWrite - audioIn);
  const plainOutput = Math.max(0, usage.completion_tokens - audioOut);
  return (
    BigInt(plainInput) * picosPerToken(price.inputPerMillion) +
    BigInt(cached) * picosPerToken(price.cachedInputPerMillion ?? price.inputPerMillion) +
    BigInt(cacheWrite - hourWrites) * picosPerToken(cacheWritePrice) +
    BigInt(hourWrites) * picosPerToken(price.cacheWrite1hPerMillion ?? cacheWritePrice) +
    BigInt(audioIn) * picosPerToken(price.audioInputPerMillion ?? 0) +
    BigInt(plainOutput) * picosPerToken(price.outputPerMillion) +
    BigInt(audioOut) * picosPerToken(price.audioOutputPerMillion ?? 0)
  );
}

function audioPicos(audio: AudioMeasure, price: ModelPrice): bigint {
  return (
    perMinutePicos(audio.inputSeconds, price.audioInputPerMinute) +
    perMinutePicos(audio.outputSeconds, price.audioOutputPerMinute) +
    perMinutePicos(audio.sessionSeconds, price.sessionPerMinute) +
    BigInt(Math.max(0, Math.round(audio.characters ?? 0))) * picosPerToken(price.speechPerMillionCharacters ?? 0)
  );
}

/** Seconds at a price per minute, in pico-dollars (seconds may be fractional). */
function perMinutePicos(seconds: number | undefined, perMinuteUsd: number | null): bigint {
  if (seconds === undefined || perMinuteUsd === null || !(seconds > 0)) return 0n;
  return BigInt(Math.round((seconds * perMinuteUsd * 1e12) / 60));
}
