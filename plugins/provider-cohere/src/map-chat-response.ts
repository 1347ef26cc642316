/**
 * Cohere `/v2/chat` answer -> OpenAI `chat.completion`. The tool plan (the text Cohere writes before
 * calling tools) comes first in the content, as it does in the stream; thinking content is not
 * part of OpenAI's message and is left out.
 */
import { ProviderError, type ChatCompletion, type ChatCompletionMessage, type ToolCall } from '@conduit/plugin-api';
import type { CohereChatResponse } from './cohere-types.ts';
import { finishReasonError } from './map-error.ts';
import { mapFinishReason } from './map-finish-reason.ts';
import { mapUsage } from './map-usage.ts';

export function mapChatResponse(response: CohereChatResponse, model: string, created: number): ChatCompletion {
  if (!response || typeof response !== 'object' || !response.message) {
    throw new ProviderError({ code: 'invalid_response', message: 'Cohere answered without a message' });
  }
  const failure = finishReasonError(response.finish_reason, undefined);
  if (failure) throw failure;

  const toolCalls: ToolCall[] = (response.message.tool_calls ?? []).map((call) => ({
    id: call.id,
    type: 'function',
    function: { name: call.function?.name ?? '', arguments: call.function?.arguments || '{}' },
  }));
  const texts = (response.message.content ?? []).flatMap((part) => (part.type === 'text' ? [part.text] : []));
  const text = (toolCalls.length > 0 ? (response.message.tool_plan ?? '') : '') + texts.join('');

  const message: ChatCompletionMessage = {
    role: 'assistant',
    content: text === '' && toolCalls.length > 0 ? null : text,
    refusal: null,
  };
  if (toolCalls.length > 0) message.tool_calls = toolCalls;

  let finishReason = mapFinishReason(response.finish_reason);
  if (toolCalls.length > 0 && finishReason === 'stop') finishReason = 'tool_calls';

  const completion: ChatCompletion = {
    id: response.id,
    object: 'chat.completion',
    created,
    model,
    choices: [
      {
        index: 0,
        message,
        finish_reason: finishReason,
        logprobs: null,
      },
    ],
  };
  const usage = mapUsage(response.usage);
  if (usage) completion.usage = usage;
  return completion;
}
