/**
 * A request's worst-case cost in nano-dollars, reserved against budgets before it runs: every prompt
 * token at the dearest input price (plain or cache write) and the most output it may produce, at the
 * prices of the dearest deployment that may serve it. Image and audio parts are not text, so the
 * tokenizer cannot count them: each is reserved as a conservative allowance of prompt tokens (see
 * mediaAllowanceTokens), so concurrent vision or audio requests cannot overshoot a budget. An unpriced
 * deployment costs nothing here; whether it may serve a budgeted key at all is the unpriced-model
 * policy's decision (unpriced-policy.ts).
 */
import type { AudioMeasure } from '../../domain/audio-measure.ts';
import { picosPerToken, picosToNanos } from '../../domain/money.ts';
import { computeCost } from '../usage/compute-cost.ts';
import { hasTokenPrices, picosPerImage } from '../usage/image-pricing.ts';
import type { ModelPrice } from '../usage/price-table.ts';
import type { PromptMedia } from '../usage/prompt.ts';

export function worstCaseCost(prices: ReadonlyArray<ModelPrice | undefined>, promptTokens: number, outputTokens: number): number {
  let worst = 0n;
  for (const price of prices) {
    if (!price) continue;
    const input = Math.max(price.inputPerMillion, price.cacheWritePerMillion ?? 0, price.cacheWrite1hPerMillion ?? 0);
    const picos = BigInt(promptTokens) * picosPerToken(input) + BigInt(outputTokens) * picosPerToken(price.outputPerMillion);
    if (picos > worst) worst = picos;
  }
  return picosToNanos(worst);
}

/**
 * The worst case of an audio request (transcription, speech) at one price: its media tokens at the
 * dearer of the text and audio input prices, its output tokens at the dearer of the text and audio
 * output prices (a token-billed model's answer may be all audio), and the audio bound (seconds,
 * characters) at the per-minute and per-character prices. The dearest deployment's figure is reserved.
 */
export function worstCaseAudioCost(
  prices: ReadonlyArray<ModelPrice | undefined>,
  tokens: { prompt: number; media: number; output: number },
  audio: AudioMeasure,
): number {
  let worst = 0;
  for (const price of prices) {
    if (!price) continue;
    const input = Math.max(price.inputPerMillion, price.cacheWritePerMillion ?? 0, price.cacheWrite1hPerMillion ?? 0);
    const picos =
      BigInt(tokens.prompt) * picosPerToken(input) +
      BigInt(tokens.media) * picosPerToken(Math.max(input, price.audioInputPerMillion ?? 0)) +
      BigInt(tokens.output) * picosPerToken(Math.max(price.outputPerMillion, price.audioOutputPerMillion ?? 0));
    const nanos = picosToNanos(picos) + computeCost(undefined, price, audio);
    if (nanos > worst) worst = nanos;
  }
  return worst;
}

/**
 * The worst case of an image request at the dearest price: `images` at the per-image price, or, for a
 * model with token prices, its prompt and each image's output tokens (the model's output limit, read per
 * image, else the gateway's default) at them, whichever is dearer (an answer is billed one way: see
 * image-pricing.ts).
 */
export function worstCaseImageCost(
  prices: ReadonlyArray<ModelPrice | undefined>,
  request: { promptTokens: number; images: number },
  defaultOutputTokensPerImage: number,
): number {
  let worst = 0n;
  for (const price of prices) {
    if (!price) continue;
    const perImage = price.perImage === null ? 0n : BigInt(request.images) * picosPerImage(price.perImage);
    let tokens = 0n;
    if (hasTokenPrices(price)) {
      const outputPerImage = price.maxOutputTokens ?? defaultOutputTokensPerImage;
      const input = Math.max(price.inputPerMillion, price.cacheWritePerMillion ?? 0, price.cacheWrite1hPerMillion ?? 0);
      tokens = BigInt(request.promptTokens) * picosPerToken(input) + BigInt(request.images * outputPerImage) * picosPerToken(price.outputPerMillion);
    }
    const picos = perImage > tokens ? perImage : tokens;
    if (picos > worst) worst = picos;
  }
  return picosToNanos(worst);
}

export interface MediaAllowance {
  /** Prompt tokens reserved for each image part. */
  tokensPerImage: number;
  /** Prompt tokens reserved for each second of input audio. */
  tokensPerAudioSecond: number;
}

/** The prompt tokens reserved for a request's image and audio parts. */
export function mediaAllowanceTokens(media: PromptMedia | undefined, allowance: MediaAllowance): number {
  if (!media) return 0;
  return media.images * allowance.tokensPerImage + Math.ceil(media.audioSeconds * allowance.tokensPerAudioSecond);
}

/** What a request's reservation is made of, so a refusal can say why it is as large as it is. */
export interface ReservationDetail {
  promptTokens: number;
  /** Prompt tokens reserved for image and audio parts. */
  mediaTokens: number;
  outputTokens: number;
  /** Where the output figure comes from: the request's max_tokens, the model's output limit, or the gateway's default. */
  outputSource: 'max_tokens' | 'model limit' | 'default';
  /** The images an image request may produce (its `n`), reserved instead of output tokens. */
  images?: number;
}

export interface ReservationSettings {
  defaultMaxOutputTokens: number;
  reservedTokensPerImage: number;
  reservedTokensPerAudioSecond: number;
}

/** The nano-dollars a request reserves against its budgets, and what they are made of. */
export function budgetReservation(
  prices: ReadonlyArray<ModelPrice | undefined>,
  request: { promptTokens: number; media: PromptMedia | undefined; maxOutputTokens: number | undefined; audio?: AudioMeasure | undefined; images?: number | undefined },
  settings: ReservationSettings,
): { nanos: number; detail: ReservationDetail } {
  if (request.images !== undefined) {
    const { promptTokens, images } = request;
    // Images uploaded to edit are input too (GPT image models bill them as input tokens).
    const mediaTokens = mediaAllowanceTokens(request.media, { tokensPerImage: settings.reservedTokensPerImage, tokensPerAudioSecond: 0 });
    return {
      nanos: worstCaseImageCost(prices, { promptTokens: promptTokens + mediaTokens, images }, settings.defaultMaxOutputTokens),
      detail: { promptTokens, mediaTokens, outputTokens: 0, outputSource: 'default', images },
    };
  }
  const output = worstCaseOutput(request.maxOutputTokens, prices, settings.defaultMaxOutputTokens);
  const mediaTokens = mediaAllowanceTokens(request.media, { tokensPerImage: settings.reservedTokensPerImage, tokensPerAudioSecond: settings.reservedTokensPerAudioSecond });
  return {
    nanos: request.audio
      ? worstCaseAudioCost(prices, { prompt: request.promptTokens, media: mediaTokens, output: output.tokens }, request.audio)
      : worstCaseCost(prices, request.promptTokens + mediaTokens, output.tokens),
    detail: { promptTokens: request.promptTokens, mediaTokens, outputTokens: output.tokens, outputSource: output.source },
  };
}

/** The output a request may produce: its max_tokens, else the largest output limit known for its models. */
export function worstCaseOutputTokens(
  maxOutputTokens: number | undefined,
  prices: ReadonlyArray<ModelPrice | undefined>,
  defaultMaxOutputTokens: number,
): number {
  return worstCaseOutput(maxOutputTokens, prices, defaultMaxOutputTokens).tokens;
}

/** The output reserved and where the figure comes from, for the refusal's message. */
export function worstCaseOutput(
  maxOutputTokens: number | undefined,
  prices: ReadonlyArray<ModelPrice | undefined>,
  defaultMaxOutputTokens: number,
): { tokens: number; source: 'max_tokens' | 'model limit' | 'default' } {
  if (maxOutputTokens !== undefined) return { tokens: maxOutputTokens, source: 'max_tokens' };
  let known: number | undefined;
  for (const price of prices) {
    const limit = price?.maxOutputTokens;
    if (typeof limit === 'number') known = Math.max(known ?? 0, limit);
  }
  return known === undefined ? { tokens: defaultMaxOutputTokens, source: 'default' } : { tokens: known, source: 'model limit' };
}
