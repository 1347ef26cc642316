/** Azure's answers for the legacy completions, embeddings and image generation endpoints. */
import { splitPieces } from '@conduit/plugin-api/conformance';
import { contentFilterResults, promptFilterResults, usageBody, type MessageReply, type StreamShape } from './azure-reply-bodies.ts';

type Json = Record<string, unknown>;

export function completionBody(reply: MessageReply, shape: StreamShape): Json {
  return {
    choices: [{ content_filter_results: contentFilterResults, finish_reason: reply.finish, index: 0, logprobs: null, text: reply.text ?? '' }],
    created: shape.created,
    id: shape.id.replace('chatcmpl-', 'cmpl-'),
    model: shape.model,
    object: 'text_completion',
    prompt_filter_results: promptFilterResults,
    usage: usageBody(reply.usage),
  };
}

export function completionStreamChunks(reply: MessageReply, shape: StreamShape): Json[] {
  const id = shape.id.replace('chatcmpl-', 'cmpl-');
  const chunk = (text: string, finish: string | null): Json => ({
    choices: [{ content_filter_results: contentFilterResults, finish_reason: finish, index: 0, logprobs: null, text }],
    created: shape.created,
    id,
    model: shape.model,
    object: 'text_completion',
  });
  const chunks: Json[] = [{ choices: [], created: 0, id: '', model: '', object: '', prompt_filter_results: promptFilterResults }];
  for (const piece of splitPieces(reply.text ?? '', reply.pieces ?? 3)) chunks.push(chunk(piece, null));
  chunks.push(chunk('', reply.finish));
  if (shape.includeUsage && !reply.omitStreamUsage) {
    chunks.push({ choices: [], created: shape.created, id, model: shape.model, object: 'text_completion', usage: usageBody(reply.usage) });
  }
  return chunks;
}

export function embeddingsBody(request: Json, dimensions: number, inputTokens: number, model: string): Json {
  const inputs = Array.isArray(request.input) ? request.input : [request.input];
  return {
    data: inputs.map((_, index) => {
      const vector = Array.from({ length: dimensions }, (__, at) => Math.fround((index + 1) * 0.01 + at * 0.001));
      return { embedding: request.encoding_format === 'base64' ? toBase64(vector) : vector, index, object: 'embedding' };
    }),
    model,
    object: 'list',
    usage: { prompt_tokens: inputTokens, total_tokens: inputTokens },
  };
}

export function imagesBody(request: Json): Json {
  const count = typeof request.n === 'number' ? request.n : 1;
  return {
    created: Math.floor(Date.now() / 1000),
    data: Array.from({ length: count }, (_, index) => ({
      content_filter_results: contentFilterResults,
      prompt_filter_results: promptFilterResults[0]?.content_filter_results,
      revised_prompt: String(request.prompt ?? ''),
      url: `https://dalleprodsec.blob.core.windows.net/private/images/fake-${index}.png`,
    })),
  };
}

/** `encoding_format: 'base64'`: the vector as little-endian float32 bytes. */
function toBase64(vector: number[]): string {
  return Buffer.from(new Float32Array(vector).buffer).toString('base64');
}
