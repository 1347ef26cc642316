/**
 * What the fake answers for a scripted reply, in Acme's wire format: a generation body, the NDJSON
 * lines of a stream, and Acme's failure bodies with the reason it gives for each status.
 */
import type { ScriptedReply, ScriptedUsage } from '@conduit/plugin-api/conformance';
import type { AcmeFailure, AcmeGeneration, AcmeStopReason, AcmeStreamEvent, AcmeTokenCounts } from '../../src/acme-api.ts';
import { splitPieces } from './split-pieces.ts';

type MessageReply = Extract<ScriptedReply, { type: 'message' }>;

const stopReasons: Record<MessageReply['finish'], AcmeStopReason> = {
  stop: 'end_turn',
  length: 'max_new_tokens',
  tool_calls: 'tool_call',
  content_filter: 'safety',
};

export function tokenCounts(usage: ScriptedUsage): AcmeTokenCounts {
  // Acme has no prompt-cache writes; a scripted cacheWrite is simply not reported.
  return { prompt: usage.input, prompt_cached: usage.cachedInput ?? 0, generated: usage.output };
}

export function generationBody(reply: MessageReply, model: string, id: string): AcmeGeneration {
  const output: AcmeGeneration['output'] = [];
  if (reply.text) output.push({ type: 'text', text: reply.text });
  for (const call of reply.toolCalls ?? []) {
    output.push({ type: 'tool_call', call_id: call.id, tool: call.name, input: JSON.parse(call.arguments) });
  }
  return {
    id,
    object: 'generation',
    model,
    created_at: new Date().toISOString(),
    output,
    stop_reason: stopReasons[reply.finish],
    token_counts: tokenCounts(reply.usage),
  };
}

export function streamEvents(reply: MessageReply, model: string, id: string): AcmeStreamEvent[] {
  const pieces = reply.pieces ?? 3;
  const events: AcmeStreamEvent[] = [startEvent(model, id)];
  for (const text of splitPieces(reply.text ?? '', pieces)) events.push({ type: 'text.delta', text });
  (reply.toolCalls ?? []).forEach((call, index) => {
    events.push({ type: 'tool_call.start', call_index: index, call_id: call.id, tool: call.name });
    for (const input_json of splitPieces(call.arguments, pieces)) events.push({ type: 'tool_call.delta', call_index: index, input_json });
  });
  events.push({
    type: 'generation.end',
    stop_reason: stopReasons[reply.finish],
    ...(reply.omitStreamUsage ? {} : { token_counts: tokenCounts(reply.usage) }),
  });
  return events;
}

export function streamErrorEvents(textBefore: string, message: string, model: string, id: string): AcmeStreamEvent[] {
  const events: AcmeStreamEvent[] = [startEvent(model, id)];
  for (const text of splitPieces(textBefore, 2)) events.push({ type: 'text.delta', text });
  events.push({ type: 'ping' }, { type: 'error', failure: { reason: 'server_error', detail: message } });
  return events;
}

const reasonByStatus: Record<number, string> = {
  400: 'invalid_request',
  401: 'invalid_api_key',
  403: 'forbidden',
  404: 'not_found',
  413: 'context_overflow',
  429: 'rate_limited',
  503: 'overloaded',
};

export function failureBody(status: number, detail: string, traceId: string, reason?: string): { failure: AcmeFailure } {
  return { failure: { reason: reason ?? reasonByStatus[status] ?? (status >= 500 ? 'server_error' : 'invalid_request'), detail, trace_id: traceId } };
}

function startEvent(model: string, id: string): AcmeStreamEvent {
  return { type: 'generation.start', id, model, created_at: new Date().toISOString() };
}
