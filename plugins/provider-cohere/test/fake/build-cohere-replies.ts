/**
 * Cohere v2 wire bodies and stream events for the fake upstream, built from provider-neutral
 * scripted replies. Shapes follow Cohere's API reference and recorded responses: a JSON chat
 * answer, `event:`/`data:` SSE events ending with `message-end`, and `{id, message}` errors.
 */
import { randomUUID } from 'node:crypto';
import { splitPieces, type ScriptedFinish, type ScriptedReply, type ScriptedUsage } from '@conduit/plugin-api/conformance';

type MessageReply = Extract<ScriptedReply, { type: 'message' }>;

export interface CohereEvent {
  type: string;
  [field: string]: unknown;
}

export function cohereFinishReason(finish: ScriptedFinish): string {
  switch (finish) {
    case 'length':
      return 'MAX_TOKENS';
    case 'tool_calls':
      return 'TOOL_CALL';
    // The v2 API documents no safety finish reason; v1 used ERROR_TOXIC.
    case 'content_filter':
      return 'ERROR_TOXIC';
    default:
      return 'COMPLETE';
  }
}

/** `tokens.input_tokens` counts cached prompt tokens too; `billed_units` counts what is charged. */
export function cohereUsage(usage: ScriptedUsage): Record<string, unknown> {
  const cached = usage.cachedInput ?? 0;
  const inputTokens = usage.input + cached + (usage.cacheWrite ?? 0);
  const out: Record<string, unknown> = {
    billed_units: { input_tokens: usage.input + (usage.cacheWrite ?? 0), output_tokens: usage.output },
    tokens: { input_tokens: inputTokens, output_tokens: usage.output },
  };
  if (usage.cachedInput !== undefined) out.cached_tokens = usage.cachedInput;
  return out;
}

export function cohereChatBody(reply: MessageReply): Record<string, unknown> {
  const toolCalls = reply.toolCalls ?? [];
  const message: Record<string, unknown> = { role: 'assistant' };
  if (toolCalls.length > 0) {
    if (reply.text) message.tool_plan = reply.text;
    message.tool_calls = toolCalls.map((call) => ({
      id: call.id,
      type: 'function',
      function: { name: call.name, arguments: call.arguments },
    }));
  } else {
    message.content = [{ type: 'text', text: reply.text ?? '' }];
  }
  return {
    id: randomUUID(),
    message,
    finish_reason: cohereFinishReason(reply.finish),
    usage: cohereUsage(reply.usage),
  };
}

function messageStart(): CohereEvent {
  return {
    id: randomUUID(),
    type: 'message-start',
    delta: { message: { role: 'assistant', content: [], tool_plan: '', tool_calls: [], citations: [] } },
  };
}

function textEvents(text: string, pieces: number): CohereEvent[] {
  return [
    { type: 'content-start', index: 0, delta: { message: { content: { type: 'text', text: '' } } } },
    ...splitPieces(text, pieces).map(
      (piece): CohereEvent => ({ type: 'content-delta', index: 0, delta: { message: { content: { text: piece } } } }),
    ),
  ];
}

export function cohereStreamEvents(reply: MessageReply): CohereEvent[] {
  const pieces = reply.pieces ?? 3;
  const toolCalls = reply.toolCalls ?? [];
  const events: CohereEvent[] = [messageStart()];
  if (toolCalls.length > 0) {
    for (const piece of splitPieces(reply.text ?? '', pieces)) {
      events.push({ type: 'tool-plan-delta', delta: { message: { tool_plan: piece } } });
    }
    toolCalls.forEach((call, index) => {
      events.push({
        type: 'tool-call-start',
        index,
        delta: { message: { tool_calls: { id: call.id, type: 'function', function: { name: call.name, arguments: '' } } } },
      });
      for (const piece of splitPieces(call.arguments, pieces)) {
        events.push({ type: 'tool-call-delta', index, delta: { message: { tool_calls: { function: { arguments: piece } } } } });
      }
      events.push({ type: 'tool-call-end', index });
    });
  } else {
    events.push(...textEvents(reply.text ?? '', pieces), { type: 'content-end', index: 0 });
  }
  const end: Record<string, unknown> = { finish_reason: cohereFinishReason(reply.finish) };
  if (!reply.omitStreamUsage) end.usage = cohereUsage(reply.usage);
  events.push({ type: 'message-end', delta: end });
  return events;
}

/** A stream that starts, optionally streams some text, then fails the way Cohere reports it. */
export function cohereStreamErrorEvents(textBefore: string, message: string): CohereEvent[] {
  const events: CohereEvent[] = [messageStart()];
  if (textBefore !== '') events.push(...textEvents(textBefore, 2));
  events.push({ type: 'message-end', delta: { finish_reason: 'ERROR', error: message } });
  return events;
}

export function cohereErrorBody(message: string): Record<string, unknown> {
  return { id: randomUUID(), message };
}

export function cohereEmbedBody(texts: readonly string[], dimensions: number, inputTokens: number): Record<string, unknown> {
  return {
    id: randomUUID(),
    texts,
    embeddings: { float: texts.map((_, row) => Array.from({ length: dimensions }, (_, col) => round((row + 1) * 0.01 + col * 0.001))) },
    meta: { api_version: { version: '2' }, billed_units: { input_tokens: inputTokens } },
    response_type: 'embeddings_by_type',
  };
}

export const cohereModelsBody = {
  models: [
    { name: 'command-a-03-2025', endpoints: ['chat'], finetuned: false, context_length: 256000, features: ['json_mode', 'json_schema', 'strict_tools', 'tool_use'] },
    { name: 'command-a-vision-07-2025', endpoints: ['chat'], finetuned: false, context_length: 128000, features: ['vision'] },
    { name: 'embed-v4.0', endpoints: ['embed'], finetuned: false, context_length: 128000, features: null },
  ],
};

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
