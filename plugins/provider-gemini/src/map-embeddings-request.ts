/**
 * An OpenAI embeddings request -> Gemini `embedContent` (one input) or `batchEmbedContents` (several)
 * bodies. Gemini takes at most 100 requests per batch, so larger inputs are split into several batches.
 */
import type { EmbeddingRequest } from '@conduit/plugin-api';
import type { GeminiBatchEmbedContentsRequest, GeminiEmbedContentRequest } from './gemini-api.ts';
import { modelResourcePath } from './model-traits.ts';
import { badRequest, unsupported } from './unsupported.ts';

export const maxBatchSize = 100;

export type MappedEmbeddingsRequest =
  | { method: 'embedContent'; body: GeminiEmbedContentRequest }
  | { method: 'batchEmbedContents'; batches: GeminiBatchEmbedContentsRequest[] };

export function mapEmbeddingsRequest(request: EmbeddingRequest): MappedEmbeddingsRequest {
  const inputs = embeddingInputs(request.input);
  const model = modelResourcePath(request.model);
  const single = (text: string): GeminiEmbedContentRequest => ({
    model,
    content: { parts: [{ text }] },
    ...(request.dimensions != null ? { outputDimensionality: request.dimensions } : {}),
  });
  if (inputs.length === 1) return { method: 'embedContent', body: single(inputs[0]!) };
  const batches: GeminiBatchEmbedContentsRequest[] = [];
  for (let start = 0; start < inputs.length; start += maxBatchSize) {
    batches.push({ requests: inputs.slice(start, start + maxBatchSize).map(single) });
  }
  return { method: 'batchEmbedContents', batches };
}

/** The inputs as strings; Gemini embeds text only, not token arrays. */
export function embeddingInputs(input: EmbeddingRequest['input']): string[] {
  const list: unknown[] = typeof input === 'string' ? [input] : input;
  if (list.length === 0) throw badRequest('input must not be empty', 'input');
  if (!list.every((item): item is string => typeof item === 'string')) {
    throw unsupported('Gemini embeds text only; token arrays are not supported', 'input');
  }
  return list;
}
