/**
 * Mistral wire bodies and stream chunks for the fake upstream, built from provider-neutral scripted
 * replies. Shapes follow Mistral's API reference and recorded answers: OpenAI-like chat completions
 * (tool calls without `type`, usage on the last stream chunk), data-only SSE ending with
 * `data: [DONE]`, and Mistral's error bodies.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { splitPieces, type ScriptedFinish, type ScriptedReply, type ScriptedUsage } from '@conduit/plugin-api/conformance';

type MessageReply = Extract<ScriptedReply, { type: 'message' }>;
type Json = Record<string, unknown>;

export const mistralId = (): string => randomUUID().replaceAll('-', '');

/**
 * Mistral documents stop, length, model_length, error and tool_calls; it has no content-filter
 * reason, so the fake uses OpenAI's word for scripted content-filter endings.
 */
export function mistralFinishReason(finish: ScriptedFinish): string {
  return finish;
}

export function mistralUsage(usage: ScriptedUsage): Json {
  const prompt = usage.input + (usage.cachedInput ?? 0) + (usage.cacheWrite ?? 0);
  const out: Json = { prompt_tokens: prompt, total_tokens: prompt + usage.output, completion_tokens: usage.output };
  if (usage.cachedInput !== undefined) out.prompt_tokens_details = { cached_tokens: usage.cachedInput };
  return out;
}

export function mistralChatBody(reply: MessageReply, model: string): Json {
  const toolCalls = reply.toolCalls ?? [];
  const message: Json = { role: 'assistant', tool_calls: null, content: reply.text ?? '' };
  if (toolCalls.length > 0) {
    message.tool_calls = toolCalls.map((call) => ({ id: call.id, function: { name: call.name, arguments: call.arguments } }));
  }
  return {
    id: mistralId(),
    created: Math.floor(Date.now() / 1000),
    model,
    usage: mistralUsage(reply.usage),
    object: 'chat.completion',
    choices: [{ index: 0, finish_reason: mistralFinishReason(reply.finish), message }],
  };
}

class ChunkWriter {
  readonly id = mistralId();
  readonly created = Math.floor(Date.now() / 1000);
  constructor(readonly model: string) {}

  chunk(delta: Json, finishReason: string | null = null, extra: Json = {}): Json {
    return {
      id: this.id,
      object: 'chat.completion.chunk',
      created: this.created,
      model: this.model,
      choices: [{ index: 0, delta, finish_reason: finishReason, logprobs: null }],
      ...extra,
    };
  }
}

export function mistralStreamChunks(reply: MessageReply, model: string): Json[] {
  const pieces = reply.pieces ?? 3;
  const writer = new ChunkWriter(model);
  const chunks: Json[] = [writer.chunk({ role: 'assistant', content: '' })];
  for (const piece of splitPieces(reply.text ?? '', pieces)) chunks.push(writer.chunk({ content: piece }));
  (reply.toolCalls ?? []).forEach((call, index) => {
    chunks.push(
      writer.chunk({ tool_calls: [{ id: call.id, type: 'function', function: { name: call.name, arguments: '' }, index }], content: '' }),
    );
    for (const piece of splitPieces(call.arguments, pieces)) {
      chunks.push(writer.chunk({ tool_calls: [{ type: 'function', function: { name: '', arguments: piece }, index }], content: '' }));
    }
  });
  const extra: Json = reply.omitStreamUsage ? {} : { usage: mistralUsage(reply.usage) };
  chunks.push(writer.chunk({ content: '' }, mistralFinishReason(reply.finish), extra));
  return chunks;
}

/** A stream that starts, optionally streams some text, then carries Mistral's error body. */
export function mistralStreamErrorChunks(textBefore: string, message: string, model: string): Json[] {
  const writer = new ChunkWriter(model);
  const chunks: Json[] = [];
  if (textBefore !== '') {
    chunks.push(writer.chunk({ role: 'assistant', content: '' }));
    for (const piece of splitPieces(textBefore, 2)) chunks.push(writer.chunk({ content: piece }));
  }
  chunks.push({ object: 'error', message, type: 'internal_server_error', param: null, code: '3000' });
  return chunks;
}

/** Mistral's error body for a scripted HTTP error, in the shape Mistral uses for that status. */
export function mistralErrorBody(status: number, message: string): Json {
  if (status === 401) return { message, request_id: randomBytes(16).toString('hex') };
  if (status === 422) return validationErrorBody([{ type: 'value_error', loc: ['body'], msg: message, input: null }]);
  const type =
    status === 429
      ? 'rate_limited'
      : status >= 500
        ? status === 503
          ? 'service_unavailable'
          : 'internal_server_error'
        : 'invalid_request_error';
  return { object: 'error', message, type, param: null, code: status === 429 ? '1300' : null };
}

export function validationErrorBody(detail: Json[]): Json {
  return { object: 'error', message: { detail }, type: 'invalid_request_error', param: null, code: null };
}

export function mistralEmbeddingsBody(inputs: readonly string[], dimensions: number, inputTokens: number, model: string): Json {
  return {
    id: mistralId(),
    object: 'list',
    data: inputs.map((_, row) => ({
      object: 'embedding',
      embedding: Array.from({ length: dimensions }, (_, col) => Math.round(((row + 1) * 0.01 + col * 0.001) * 1e6) / 1e6),
      index: row,
    })),
    model,
    usage: { prompt_audio_seconds: null, prompt_tokens: inputTokens, total_tokens: inputTokens, completion_tokens: 0, request_count: null },
  };
}

const card = (id: string, capabilities: Json, maxContextLength: number): Json => ({
  id,
  object: 'model',
  created: 1_750_000_000,
  owned_by: 'mistralai',
  capabilities: { completion_chat: false, completion_fim: false, function_calling: false, fine_tuning: false, vision: false, classification: false, ...capabilities },
  name: id,
  description: `Fake card for ${id}`,
  max_context_length: maxContextLength,
  aliases: [],
  deprecation: null,
  default_model_temperature: 0.3,
  type: 'base',
});

export const mistralModelsBody: Json = {
  object: 'list',
  data: [
    card('mistral-small-latest', { completion_chat: true, function_calling: true, vision: true }, 131072),
    card('codestral-latest', { completion_chat: true, completion_fim: true, function_calling: true }, 256000),
    card('mistral-embed', {}, 8192),
  ],
};
