/**
 * The gateway's chat completion -> an Anthropic Message: the reasoning first — the provider's own
 * blocks (`thinking_blocks`, signatures and redacted blocks as they came) when it gave them, else
 * `reasoning_content` as one unsigned thinking block — then the text as one text block, each tool
 * call as a `tool_use` block with its arguments parsed into `input`.
 */
import type { ChatCompletion, Usage } from '@conduit/plugin-api';
import type { AnthropicContentBlock, AnthropicMessage, AnthropicRedactedThinkingBlock, AnthropicThinkingBlock } from './anthropic-message.ts';
import { messageId, toolUseId } from './anthropic-ids.ts';
import { toAnthropicUsage } from './to-anthropic-usage.ts';
import { toStopReason } from './to-stop-reason.ts';

export function toAnthropicMessage(completion: ChatCompletion, usage: Usage, requestedModel: string): AnthropicMessage {
  const choice = completion.choices[0];
  const message = choice?.message;
  const content: AnthropicContentBlock[] = [];
  const text = (message?.content ?? '') + (message?.refusal ?? '');
  const calls = message?.tool_calls ?? [];
  const reasoning = message?.reasoning_content;
  const thinking = toThinkingBlocks(message?.thinking_blocks);
  if (thinking.length > 0) content.push(...thinking);
  else if (typeof reasoning === 'string' && reasoning !== '') content.push({ type: 'thinking', thinking: reasoning, signature: '' });
  // A client reads the text block: an answer without tool calls always has one.
  if (text !== '' || calls.length === 0) content.push({ type: 'text', text });
  for (const call of calls) {
    content.push({ type: 'tool_use', id: toolUseId(call.id), name: call.function.name, input: toolInput(call.function.arguments) });
  }
  return {
    id: messageId(completion.id),
    type: 'message',
    role: 'assistant',
    content,
    model: completion.model || requestedModel,
    stop_reason: toStopReason(choice?.finish_reason),
    stop_sequence: null,
    usage: toAnthropicUsage(usage),
  };
}

/** A tool call's arguments as Anthropic's `input` object; arguments that are not a JSON object become `{}`. */
export function toolInput(text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** A provider's thinking blocks as Anthropic blocks; entries that are not well-formed blocks are skipped. */
export function toThinkingBlocks(blocks: unknown): Array<AnthropicThinkingBlock | AnthropicRedactedThinkingBlock> {
  if (!Array.isArray(blocks)) return [];
  const out: Array<AnthropicThinkingBlock | AnthropicRedactedThinkingBlock> = [];
  for (const block of blocks as Array<Record<string, unknown> | null>) {
    if (block?.type === 'thinking' && typeof block.thinking === 'string') {
      out.push({ type: 'thinking', thinking: block.thinking, signature: typeof block.signature === 'string' ? block.signature : '' });
    } else if (block?.type === 'redacted_thinking' && typeof block.data === 'string') {
      out.push({ type: 'redacted_thinking', data: block.data });
    }
  }
  return out;
}
