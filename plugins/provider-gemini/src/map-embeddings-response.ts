/**
 * Gemini embedding answers -> an OpenAI embeddings response. Gemini reports token usage in a
 * top-level `usageMetadata.promptTokenCount` on newer models only; when it is missing, usage is
 * estimated as one token per four characters of input (rounded up), so that spend is never zero.
 */
import type { Embedding, EmbeddingResponse } from '@conduit/plugin-api';
import { ProviderError } from '@conduit/plugin-api';
import type { GeminiEmbeddingUsage } from './gemini-api.ts';

export interface EmbeddingsAnswer {
  vectors: Array<{ values?: number[] } | undefined>;
  usage?: GeminiEmbeddingUsage;
}

export function mapEmbeddingsResponse(
  answers: readonly EmbeddingsAnswer[],
  inputs: readonly string[],
  model: string,
  encodingFormat: 'float' | 'base64' | undefined,
): EmbeddingResponse {
  const vectors = answers.flatMap((answer) => answer.vectors);
  if (vectors.length !== inputs.length) {
    throw new ProviderError({
      code: 'invalid_response',
      message: `Gemini returned ${vectors.length} embeddings for ${inputs.length} inputs`,
    });
  }
  const data: Embedding[] = vectors.map((vector, index) => {
    const values = vector?.values ?? [];
    return { object: 'embedding', index, embedding: encodingFormat === 'base64' ? toBase64(values) : values };
  });
  const reported = answers.every((answer) => answer.usage?.promptTokenCount !== undefined);
  const promptTokens = reported
    ? answers.reduce((sum, answer) => sum + (answer.usage?.promptTokenCount ?? 0), 0)
    : estimateTokens(inputs);
  return { object: 'list', data, model, usage: { prompt_tokens: promptTokens, total_tokens: promptTokens } };
}

export function estimateTokens(inputs: readonly string[]): number {
  return inputs.reduce((sum, input) => sum + Math.ceil(input.length / 4), 0);
}

/** OpenAI's base64 format: little-endian float32. */
function toBase64(values: readonly number[]): string {
  const buffer = Buffer.alloc(values.length * 4);
  values.forEach((value, index) => buffer.writeFloatLE(value, index * 4));
  return buffer.toString('base64');
}
