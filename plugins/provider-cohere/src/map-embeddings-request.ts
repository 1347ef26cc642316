/**
 * OpenAI embeddings request -> Cohere `/v2/embed` body. Cohere needs an `input_type`; it comes from
 * the request's own `input_type` field when the caller set one, else from the provider's options.
 */
import type { EmbeddingRequest } from '@conduit/plugin-api';
import type { CohereEmbedInputType, CohereEmbedRequest } from './cohere-types.ts';
import { unsupported } from './unsupported.ts';

export const embedInputTypes: readonly CohereEmbedInputType[] = ['search_document', 'search_query', 'classification', 'clustering'];

export function mapEmbeddingsRequest(request: EmbeddingRequest, defaultInputType: CohereEmbedInputType): CohereEmbedRequest {
  const body: CohereEmbedRequest = {
    model: request.model,
    texts: inputTexts(request.input),
    input_type: isInputType(request.input_type) ? request.input_type : defaultInputType,
    embedding_types: ['float'],
  };
  if (typeof request.dimensions === 'number') body.output_dimension = request.dimensions;
  return body;
}

function inputTexts(input: EmbeddingRequest['input']): string[] {
  if (typeof input === 'string') return [input];
  if (input.every((item): item is string => typeof item === 'string')) return input;
  throw unsupported('Cohere embeds text only; token arrays are not accepted', 'input');
}

export function isInputType(value: unknown): value is CohereEmbedInputType {
  return typeof value === 'string' && (embedInputTypes as readonly string[]).includes(value);
}
