/**
 * A Converse response as an OpenAI chat completion. Reasoning text is returned as the
 * `reasoning_content` extension (as provider-anthropic does), and with its signature, and redacted
 * reasoning (base64), as `thinking_blocks` for the client to send back.
 */
import type { ChatCompletion, ChatCompletionMessage, ThinkingBlock, ToolCall } from '@conduit/plugin-api';
import type { ConverseResponse } from './converse-types.ts';
import { mapStopReason } from './map-stop-reason.ts';
import { mapUsage } from './map-usage.ts';

export interface ResponseIdentity {
  id: string;
  created: number;
  model: string;
}

export function mapConverseResponse(response: ConverseResponse, identity: ResponseIdentity): ChatCompletion {
  const texts: string[] = [];
  const reasoning: string[] = [];
  const toolCalls: ToolCall[] = [];
  const thinkingBlocks: ThinkingBlock[] = [];
  for (const block of response.output?.message?.content ?? []) {
    if ('text' in block) texts.push(block.text);
    else if ('reasoningContent' in block) {
      const { reasoningText, redactedContent } = block.reasoningContent ?? {};
      if (typeof reasoningText?.text === 'string') {
        reasoning.push(reasoningText.text);
        thinkingBlocks.push(reasoningText.signature ? { type: 'thinking', thinking: reasoningText.text, signature: reasoningText.signature } : { type: 'thinking', thinking: reasoningText.text });
      } else if (typeof redactedContent === 'string') {
        thinkingBlocks.push({ type: 'redacted_thinking', data: redactedContent });
      }
    } else if ('toolUse' in block && block.toolUse.type !== 'server_tool_use') {
      toolCalls.push({
        id: block.toolUse.toolUseId,
        type: 'function',
        function: { name: block.toolUse.name, arguments: JSON.stringify(block.toolUse.input ?? {}) },
      });
    }
  }
  const message: ChatCompletionMessage & { reasoning_content?: string } = { role: 'assistant', content: texts.length > 0 ? texts.join('') : null };
  if (reasoning.length > 0) message.reasoning_content = reasoning.join('');
  if (thinkingBlocks.length > 0) message.thinking_blocks = thinkingBlocks;
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  const completion: ChatCompletion = {
    id: identity.id,
    object: 'chat.completion',
    created: identity.created,
    model: identity.model,
    choices: [{ index: 0, message, finish_reason: mapStopReason(response.stopReason), logprobs: null }],
  };
  if (response.usage) completion.usage = mapUsage(response.usage);
  return completion;
}
