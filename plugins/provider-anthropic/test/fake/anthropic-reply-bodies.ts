/**
 * What the fake answers, in Anthropic's wire format: the Message object, the stream's event
 * sequence (message_start, content_block_start/delta/stop with a ping, message_delta, message_stop)
 * and error bodies, shaped as the official SDK's types describe them.
 */
import { splitPieces, type ScriptedFinish, type ScriptedReply, type ScriptedUsage } from '@conduit/plugin-api/conformance';
import { messageId, requestId } from './anthropic-ids.ts';
import { redactedThinkingData, signThinking } from './thinking-signatures.ts';

/** Reasoning the fake answers before the text, signed as the real API signs it. */
export type FakeThinking = { type: 'thinking'; thinking: string } | { type: 'redacted_thinking' };

/** The kit's message reply, with the thinking blocks Claude answers first when asked to think. */
export type MessageReply = Extract<ScriptedReply, { type: 'message' }> & { thinking?: FakeThinking[] };

/** What the fake answers: the kit's replies, and message replies with thinking. */
export type AnthropicScriptedReply = Exclude<ScriptedReply, { type: 'message' }> | MessageReply;

/** The blocks of a reply's thinking, each signed (or its redacted data issued) anew. */
function thinkingBlocks(reply: MessageReply): Record<string, unknown>[] {
  return (reply.thinking ?? []).map((block) =>
    block.type === 'thinking'
      ? { type: 'thinking', thinking: block.thinking, signature: signThinking(block.thinking) }
      : { type: 'redacted_thinking', data: redactedThinkingData() },
  );
}

export interface StreamEvent {
  event: string;
  data: Record<string, unknown>;
}

const stopReasons: Record<ScriptedFinish, string> = {
  stop: 'end_turn',
  length: 'max_tokens',
  tool_calls: 'tool_use',
  content_filter: 'refusal',
};

const errorTypes: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  409: 'conflict_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

export function errorTypeForStatus(status: number): string {
  return errorTypes[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
}

export function errorBody(type: string, message: string): Record<string, unknown> {
  return { type: 'error', error: { type, message }, request_id: requestId() };
}

function usageBody(usage: ScriptedUsage, outputTokens: number): Record<string, unknown> {
  const cacheWrite = usage.cacheWrite ?? 0;
  const hourWrites = Math.min(usage.cacheWrite1h ?? 0, cacheWrite);
  return {
    input_tokens: usage.input,
    cache_creation_input_tokens: cacheWrite,
    cache_read_input_tokens: usage.cachedInput ?? 0,
    cache_creation: { ephemeral_5m_input_tokens: cacheWrite - hourWrites, ephemeral_1h_input_tokens: hourWrites },
    output_tokens: outputTokens,
    output_tokens_details: null,
    server_tool_use: null,
    service_tier: 'standard',
    inference_geo: 'global',
    speed: null,
  };
}

function stopDetails(finish: ScriptedFinish): Record<string, unknown> | null {
  return finish === 'content_filter' ? { type: 'refusal', category: null, explanation: null } : null;
}

function messageShell(model: string, id: string): Record<string, unknown> {
  return { id, type: 'message', role: 'assistant', model, container: null, diagnostics: null };
}

export function messageBody(reply: MessageReply, model: string): Record<string, unknown> {
  const content: Record<string, unknown>[] = thinkingBlocks(reply);
  if (reply.text !== undefined && reply.text !== '') content.push({ type: 'text', text: reply.text, citations: null });
  for (const call of reply.toolCalls ?? []) {
    content.push({ type: 'tool_use', id: call.id, name: call.name, input: JSON.parse(call.arguments || '{}'), caller: { type: 'direct' } });
  }
  return {
    ...messageShell(model, messageId()),
    content,
    stop_reason: stopReasons[reply.finish],
    stop_sequence: null,
    stop_details: stopDetails(reply.finish),
    usage: usageBody(reply.usage, reply.usage.output),
  };
}

function messageStart(model: string, usage: ScriptedUsage): StreamEvent {
  const message = { ...messageShell(model, messageId()), content: [], stop_reason: null, stop_sequence: null, stop_details: null, usage: usageBody(usage, 1) };
  return { event: 'message_start', data: { type: 'message_start', message } };
}

function textBlockEvents(index: number, text: string, pieces: number): StreamEvent[] {
  const events: StreamEvent[] = [
    { event: 'content_block_start', data: { type: 'content_block_start', index, content_block: { type: 'text', text: '', citations: null } } },
    { event: 'ping', data: { type: 'ping' } },
  ];
  for (const piece of splitPieces(text, pieces)) {
    events.push({ event: 'content_block_delta', data: { type: 'content_block_delta', index, delta: { type: 'text_delta', text: piece } } });
  }
  return events;
}

function blockStop(index: number): StreamEvent {
  return { event: 'content_block_stop', data: { type: 'content_block_stop', index } };
}

export function messageStreamEvents(reply: MessageReply, model: string): StreamEvent[] {
  const pieces = reply.pieces ?? 3;
  const events: StreamEvent[] = [messageStart(model, reply.usage)];
  let index = 0;
  for (const block of thinkingBlocks(reply)) {
    if (block.type === 'redacted_thinking') {
      events.push({ event: 'content_block_start', data: { type: 'content_block_start', index, content_block: block } }, blockStop(index));
    } else {
      const start = { type: 'thinking', thinking: '', signature: '' };
      events.push({ event: 'content_block_start', data: { type: 'content_block_start', index, content_block: start } });
      for (const piece of splitPieces(String(block.thinking), pieces)) {
        events.push({ event: 'content_block_delta', data: { type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking: piece } } });
      }
      // The real API sends the signature as one signature_delta, right before the block stops.
      events.push({ event: 'content_block_delta', data: { type: 'content_block_delta', index, delta: { type: 'signature_delta', signature: block.signature } } });
      events.push(blockStop(index));
    }
    index += 1;
  }
  if (reply.text !== undefined && reply.text !== '') {
    events.push(...textBlockEvents(index, reply.text, pieces), blockStop(index));
    index += 1;
  }
  for (const call of reply.toolCalls ?? []) {
    const block = { type: 'tool_use', id: call.id, name: call.name, input: {}, caller: { type: 'direct' } };
    events.push({ event: 'content_block_start', data: { type: 'content_block_start', index, content_block: block } });
    // Anthropic opens every tool input with an empty partial_json.
    const parts = ['', ...(call.arguments ? splitPieces(call.arguments, pieces) : [])];
    for (const part of parts) {
      events.push({ event: 'content_block_delta', data: { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: part } } });
    }
    events.push(blockStop(index));
    index += 1;
  }
  const { input_tokens, cache_creation_input_tokens, cache_read_input_tokens, output_tokens, server_tool_use } = usageBody(reply.usage, reply.usage.output);
  events.push({
    event: 'message_delta',
    data: {
      type: 'message_delta',
      delta: { stop_reason: stopReasons[reply.finish], stop_sequence: null, stop_details: stopDetails(reply.finish), container: null },
      usage: { input_tokens, cache_creation_input_tokens, cache_read_input_tokens, output_tokens, server_tool_use },
    },
  });
  events.push({ event: 'message_stop', data: { type: 'message_stop' } });
  return events;
}

/** A stream that starts, optionally streams some text, then carries Anthropic's `error` event. */
export function streamErrorEvents(textBefore: string, message: string, model: string): StreamEvent[] {
  const events: StreamEvent[] = [messageStart(model, { input: 10, output: 0 })];
  if (textBefore !== '') events.push(...textBlockEvents(0, textBefore, 1));
  events.push({ event: 'error', data: errorBody('overloaded_error', message) });
  return events;
}

export function formatEvent(event: StreamEvent): string {
  return `event: ${event.event}\ndata: ${JSON.stringify(event.data)}\n\n`;
}
