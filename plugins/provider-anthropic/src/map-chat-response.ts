/**
 * Anthropic Message -> OpenAI chat.completion. Text blocks are concatenated into `content`,
 * `tool_use` blocks become `tool_calls` (arguments = JSON text of `input`). Thinking blocks are
 * returned as the `reasoning_content` extension (the convention of DeepSeek, vLLM and OpenRouter),
 * and with redacted thinking, signatures and all, as `thinking_blocks` for the client to send back;
 * server-tool blocks are left out.
 */
import type { ChatCompletion, ChatCompletionMessage, ThinkingBlock, ToolCall } from '@conduit/plugin-api';
import type { AnthropicMessageResponse } from './anthropic-api.ts';
import { mapFinishReason } from './map-finish-reason.ts';
import { mapUsage } from './map-usage.ts';

export type AnthropicChatMessage = ChatCompletionMessage & { reasoning_content?: string };

export function mapChatResponse(response: AnthropicMessageResponse, created: number = nowSeconds()): ChatCompletion {
  const texts: string[] = [];
  const reasoning: string[] = [];
  const toolCalls: ToolCall[] = [];
  const thinkingBlocks: ThinkingBlock[] = [];
  for (const block of response.content ?? []) {
    if (block.type === 'text' && typeof block.text === 'string') texts.push(block.text);
    else if (block.type === 'thinking' && typeof block.thinking === 'string') {
      reasoning.push(block.thinking);
      thinkingBlocks.push(typeof block.signature === 'string' ? { type: 'thinking', thinking: block.thinking, signature: block.signature } : { type: 'thinking', thinking: block.thinking });
    } else if (block.type === 'redacted_thinking' && typeof block.data === 'string') {
      thinkingBlocks.push({ type: 'redacted_thinking', data: block.data });
    } else if (block.type === 'tool_use') {
      toolCalls.push({
        id: String(block.id),
        type: 'function',
        function: { name: String(block.name), arguments: JSON.stringify(block.input ?? {}) },
      });
    }
  }
  const message: AnthropicChatMessage = {
    role: 'assistant',
    content: texts.length > 0 ? texts.join('') : toolCalls.length > 0 ? null : '',
    refusal: null,
  };
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  if (reasoning.length > 0) message.reasoning_content = reasoning.join('');
  if (thinkingBlocks.length > 0) message.thinking_blocks = thinkingBlocks;
  return {
    id: response.id,
    object: 'chat.completion',
    created,
    model: response.model,
    choices: [{ index: 0, message, finish_reason: mapFinishReason(response.stop_reason), logprobs: null }],
    usage: mapUsage(response.usage ?? {}),
  };
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
