/**
 * Signed reasoning (Claude's thinking blocks, see ThinkingBlock) in a Responses API `reasoning` item:
 * the blocks go in the item's `encrypted_content`, the field OpenAI uses for reasoning a client cannot
 * read but sends back, so a client that returns the output items of a turn (or continues it with
 * `previous_response_id`) gives the provider its signed blocks again, as Claude requires in a tool
 * loop. The content is not encrypted here: it is the provider's own blocks, whose signatures the
 * provider checks; a prefix marks it as the gateway's.
 */
import type { ThinkingBlock } from '@conduit/plugin-api';

const prefix = 'conduit.thinking_blocks.v1.';

export function encryptedContentOf(blocks: readonly ThinkingBlock[]): string | undefined {
  return blocks.length > 0 ? prefix + Buffer.from(JSON.stringify(blocks)).toString('base64url') : undefined;
}

/** The blocks in a reasoning item's `encrypted_content`; undefined when it holds none of the gateway's. */
export function thinkingBlocksOf(encrypted: unknown): ThinkingBlock[] | undefined {
  if (typeof encrypted !== 'string' || !encrypted.startsWith(prefix)) return undefined;
  let blocks: unknown;
  try {
    blocks = JSON.parse(Buffer.from(encrypted.slice(prefix.length), 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(blocks) || !blocks.every(isThinkingBlock)) return undefined;
  return blocks;
}

function isThinkingBlock(block: unknown): block is ThinkingBlock {
  if (!block || typeof block !== 'object') return false;
  const { type, thinking, signature, data } = block as Record<string, unknown>;
  if (type === 'thinking') return typeof thinking === 'string' && (signature === undefined || typeof signature === 'string');
  return type === 'redacted_thinking' && typeof data === 'string';
}
