/**
 * A chat request without the `thinking_blocks` extension on its messages, for upstreams that speak
 * OpenAI's format: they do not know the field (a strict one refuses unknown message fields), and the
 * blocks are signed for another provider's model anyway. The request is returned as it is when no
 * message carries them, the usual case.
 */
import type { ChatCompletionRequest } from './openai/chat-request.ts';

export function withoutThinkingBlocks(request: ChatCompletionRequest): ChatCompletionRequest {
  const messages = request.messages;
  if (!Array.isArray(messages) || !messages.some((message) => message && typeof message === 'object' && 'thinking_blocks' in message)) return request;
  return {
    ...request,
    messages: messages.map((message) => {
      if (!message || typeof message !== 'object' || !('thinking_blocks' in message)) return message;
      const { thinking_blocks: _dropped, ...rest } = message as typeof message & { thinking_blocks?: unknown };
      return rest as typeof message;
    }),
  };
}
