/**
 * An assistant message's `thinking_blocks` (the canonical extension) -> Anthropic's thinking and
 * redacted_thinking blocks, sent back unchanged as Anthropic requires in a tool loop with thinking.
 * A thinking block without a signature (reasoning another provider produced, or one a client
 * rebuilt from `reasoning_content`) is dropped: Anthropic refuses unsigned thinking.
 */
import type { AssistantMessage } from '@conduit/plugin-api';
import type { AnthropicRedactedThinkingBlock, AnthropicThinkingBlock } from './anthropic-api.ts';
import { badRequest } from './request-error.ts';

export function mapThinkingBlocks(
  message: AssistantMessage,
  param: string,
): Array<AnthropicThinkingBlock | AnthropicRedactedThinkingBlock> {
  const blocks: unknown = message.thinking_blocks;
  if (blocks === undefined || blocks === null) return [];
  if (!Array.isArray(blocks)) throw badRequest('thinking_blocks must be an array', `${param}.thinking_blocks`);
  const out: Array<AnthropicThinkingBlock | AnthropicRedactedThinkingBlock> = [];
  blocks.forEach((block: unknown, index) => {
    const at = `${param}.thinking_blocks[${index}]`;
    const fields = (block && typeof block === 'object' ? block : {}) as Record<string, unknown>;
    if (fields.type === 'thinking' && typeof fields.thinking === 'string') {
      if (typeof fields.signature === 'string' && fields.signature !== '') {
        out.push({ type: 'thinking', thinking: fields.thinking, signature: fields.signature });
      }
      return;
    }
    if (fields.type === 'redacted_thinking' && typeof fields.data === 'string' && fields.data !== '') {
      out.push({ type: 'redacted_thinking', data: fields.data });
      return;
    }
    throw badRequest(
      'A thinking block must be {type: "thinking", thinking, signature} or {type: "redacted_thinking", data}',
      at,
    );
  });
  return out;
}
