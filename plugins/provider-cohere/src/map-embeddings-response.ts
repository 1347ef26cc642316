/**
 * Cohere `/v2/embed` answer -> OpenAI embeddings list. Cohere bills input tokens only, so that is
 * both the prompt and the total count. `encoding_format: 'base64'` is honoured locally from the
 * float vectors (little-endian float32, as OpenAI encodes them).
 */
import { ProviderError, type EmbeddingResponse } from '@conduit/plugin-api';
import type { CohereEmbedResponse } from './cohere-types.ts';

export function mapEmbeddingsResponse(
  response: CohereEmbedResponse,
  model: string,
  encodingFormat: 'float' | 'base64' | undefined,
): EmbeddingResponse {
  const vectors = response?.embeddings?.float;
  if (!Array.isArray(vectors)) {
    throw new ProviderError({ code: 'invalid_response', message: 'Cohere answered without float embeddings' });
  }
  const inputTokens = response.meta?.billed_units?.input_tokens ?? 0;
  return {
    object: 'list',
    data: vectors.map((vector, index) => ({
      object: 'embedding',
      index,
      embedding: encodingFormat === 'base64' ? toBase64Float32(vector) : vector,
    })),
    model,
    usage: { prompt_tokens: inputTokens, total_tokens: inputTokens },
  };
}

function toBase64Float32(vector: readonly number[]): string {
  const bytes = new Uint8Array(vector.length * 4);
  const view = new DataView(bytes.buffer);
  vector.forEach((value, index) => view.setFloat32(index * 4, value, true));
  return Buffer.from(bytes).toString('base64');
}
