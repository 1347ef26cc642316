/** Mistral's embeddings answer -> OpenAI's: the same list, with usage reduced to OpenAI's fields. */
import { ProviderError, type Embedding, type EmbeddingResponse } from '@conduit/plugin-api';

export function mapEmbeddingsResponse(raw: unknown, model: string): EmbeddingResponse {
  const body = (raw ?? {}) as { data?: unknown; model?: unknown; usage?: { prompt_tokens?: unknown; total_tokens?: unknown } };
  if (!Array.isArray(body.data)) {
    throw new ProviderError({ code: 'invalid_response', message: 'Mistral answered without embeddings' });
  }
  const promptTokens = typeof body.usage?.prompt_tokens === 'number' ? body.usage.prompt_tokens : 0;
  return {
    object: 'list',
    data: (body.data as Array<{ index?: unknown; embedding?: unknown }>).map(
      (item, position): Embedding => ({
        object: 'embedding',
        index: typeof item.index === 'number' ? item.index : position,
        embedding: Array.isArray(item.embedding) || typeof item.embedding === 'string' ? item.embedding : [],
      }),
    ),
    model: typeof body.model === 'string' ? body.model : model,
    usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
  };
}
