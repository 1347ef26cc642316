/**
 * Bedrock's wire format for scripted answers: Converse response bodies, ConverseStream event
 * sequences and the error type that goes with each HTTP status.
 */
import { redactedReasoning, signReasoning } from './reasoning-signatures.ts';
import { splitPieces, type ScriptedFinish, type ScriptedReply, type ScriptedToolCall, type ScriptedUsage } from '@conduit/plugin-api/conformance';

type Json = Record<string, unknown>;

/** Reasoning the fake answers before the text, signed as Claude signs it. */
export type FakeReasoning = { type: 'thinking'; thinking: string } | { type: 'redacted_thinking' };

/** The kit's scripted message, without its `type`, with the reasoning Claude answers first when asked to think. */
export type MessageReply = Omit<Extract<ScriptedReply, { type: 'message' }>, 'type'> & { thinking?: FakeReasoning[] };

function reasoningBlocks(reply: MessageReply): Json[] {
  return (reply.thinking ?? []).map((block) =>
    block.type === 'thinking'
      ? { reasoningContent: { reasoningText: { text: block.thinking, signature: signReasoning(block.thinking) } } }
      : { reasoningContent: { redactedContent: redactedReasoning() } },
  );
}

export type StreamItem = { event: string; payload: Json } | { exception: string; payload: Json };

const stopReasons: Record<ScriptedFinish, string> = {
  stop: 'end_turn',
  length: 'max_tokens',
  tool_calls: 'tool_use',
  content_filter: 'content_filtered',
};

export function usageBody(usage: ScriptedUsage): Json {
  const out: Json = {
    inputTokens: usage.input,
    outputTokens: usage.output,
    totalTokens: usage.input + usage.output + (usage.cachedInput ?? 0) + (usage.cacheWrite ?? 0),
  };
  if (usage.cachedInput !== undefined) out.cacheReadInputTokens = usage.cachedInput;
  if (usage.cacheWrite !== undefined) out.cacheWriteInputTokens = usage.cacheWrite;
  return out;
}

function toolInput(call: ScriptedToolCall): unknown {
  try {
    return JSON.parse(call.arguments);
  } catch {
    return {};
  }
}

export function converseBody(reply: MessageReply): Json {
  const content: Json[] = reasoningBlocks(reply);
  if (reply.text) content.push({ text: reply.text });
  for (const call of reply.toolCalls ?? []) {
    content.push({ toolUse: { input: toolInput(call), name: call.name, toolUseId: call.id } });
  }
  return {
    metrics: { latencyMs: 412 },
    output: { message: { content, role: 'assistant' } },
    stopReason: stopReasons[reply.finish],
    usage: usageBody(reply.usage),
  };
}

/** The events of a ConverseStream answer: text blocks get no contentBlockStart, tool use blocks do. */
export function converseStreamItems(reply: MessageReply): StreamItem[] {
  const items: StreamItem[] = [{ event: 'messageStart', payload: { role: 'assistant' } }];
  const pieces = reply.pieces ?? 3;
  let block = 0;
  for (const reasoning of reasoningBlocks(reply)) {
    const { reasoningText, redactedContent } = reasoning.reasoningContent as { reasoningText?: { text: string; signature: string }; redactedContent?: string };
    const delta = (member: Json): StreamItem => ({ event: 'contentBlockDelta', payload: { contentBlockIndex: block, delta: { reasoningContent: member } } });
    if (reasoningText) {
      for (const piece of splitPieces(reasoningText.text, pieces)) items.push(delta({ text: piece }));
      items.push(delta({ signature: reasoningText.signature }));
    } else {
      items.push(delta({ redactedContent }));
    }
    items.push({ event: 'contentBlockStop', payload: { contentBlockIndex: block } });
    block += 1;
  }
  if (reply.text) {
    for (const piece of splitPieces(reply.text, pieces)) {
      items.push({ event: 'contentBlockDelta', payload: { contentBlockIndex: block, delta: { text: piece } } });
    }
    items.push({ event: 'contentBlockStop', payload: { contentBlockIndex: block } });
    block += 1;
  }
  for (const call of reply.toolCalls ?? []) {
    items.push({ event: 'contentBlockStart', payload: { contentBlockIndex: block, start: { toolUse: { name: call.name, toolUseId: call.id } } } });
    for (const piece of splitPieces(call.arguments, pieces)) {
      items.push({ event: 'contentBlockDelta', payload: { contentBlockIndex: block, delta: { toolUse: { input: piece } } } });
    }
    items.push({ event: 'contentBlockStop', payload: { contentBlockIndex: block } });
    block += 1;
  }
  items.push({ event: 'messageStop', payload: { stopReason: stopReasons[reply.finish] } });
  if (!reply.omitStreamUsage) {
    items.push({ event: 'metadata', payload: { metrics: { latencyMs: 388 }, usage: usageBody(reply.usage) } });
  }
  return items;
}

/** The exception type Bedrock uses for each status it answers with. */
export function errorTypeFor(status: number): string {
  switch (status) {
    case 400:
      return 'ValidationException';
    case 401:
      return 'UnrecognizedClientException';
    case 403:
      return 'AccessDeniedException';
    case 404:
      return 'ResourceNotFoundException';
    case 408:
      return 'ModelTimeoutException';
    case 424:
      return 'ModelErrorException';
    case 429:
      return 'ThrottlingException';
    case 503:
      return 'ServiceUnavailableException';
    default:
      return status >= 500 ? 'InternalServerException' : 'ValidationException';
  }
}

/** `x-amzn-ErrorType` as Bedrock sends it: the type, a colon, the Coral namespace. */
export function errorTypeHeader(type: string): string {
  const namespace = /Signature|ClientException|AuthenticationToken|Token/.test(type)
    ? 'http://internal.amazon.com/coral/com.amazon.coral.service/'
    : 'http://internal.amazon.com/coral/com.amazon.bedrock/';
  return `${type}:${namespace}`;
}
