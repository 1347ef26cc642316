/** Ids in Anthropic's style (`msg_…`, `toolu_…`): a prefix and 24 random base62 characters. */
import { randomId } from '../random-id.ts';

/** The upstream's id when it is already a message id (an Anthropic provider's), else a new one. */
export function messageId(upstreamId: string | undefined): string {
  return upstreamId?.startsWith('msg_') ? upstreamId : randomId('msg_');
}

/** The upstream's tool call id when Anthropic's clients accept it (they send it back in `tool_result`), else a new one. */
export function toolUseId(upstreamId: string | undefined): string {
  if (upstreamId && /^[a-zA-Z0-9_-]+$/.test(upstreamId)) return upstreamId;
  return randomId('toolu_');
}
