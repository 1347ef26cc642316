/**
 * How generated images are priced. A model with token prices (GPT image models: text in, image
 * tokens out) is billed by the tokens its answer reports; one priced per image (dall-e), or whose
 * answer reports no tokens, by the images returned at `perImage`. A price with neither (no per-image
 * price, token prices of 0) does not price images: such a model is unpriced for an image request,
 * as a model without any price is for chat (unpriced-policy.ts).
 */
import type { Usage } from '@conduit/plugin-api';
import type { ModelPrice } from './price-table.ts';

/** Whether the price bills tokens at all (input and output prices are required, 0 for a model priced otherwise). */
export function hasTokenPrices(price: ModelPrice): boolean {
  return price.inputPerMillion > 0 || price.outputPerMillion > 0 || (price.cacheWritePerMillion ?? 0) > 0;
}

/** Whether a price can bill an image request at all. */
export function pricesImages(price: ModelPrice): boolean {
  return price.perImage !== null || hasTokenPrices(price);
}

/** Whether a price bills an image answer with this usage (a model with token prices only cannot bill an answer without tokens). */
export function pricesImageAnswer(price: ModelPrice, usage: Usage | undefined): boolean {
  return price.perImage !== null || (usage !== undefined && hasTokenPrices(price));
}

/** Whether an image answer is billed per image: it reported no tokens, or the model has no token prices. */
export function billedPerImage(price: ModelPrice, usage: Usage | undefined): boolean {
  return price.perImage !== null && !(usage !== undefined && hasTokenPrices(price));
}

/** USD per image as pico-dollars (the unit costs are summed in before rounding). */
export function picosPerImage(perImageUsd: number): bigint {
  return BigInt(Math.round(perImageUsd * 1e12));
}
