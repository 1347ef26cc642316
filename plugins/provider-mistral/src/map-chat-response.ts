/**
 * Mistral's chat answer -> OpenAI `chat.completion`. Close to OpenAI already; what differs is made
 * canonical: content given as chunks is flattened to text, tool calls get `type: 'function'` and
 * string arguments, `model_length` becomes `length`, and usage keeps only OpenAI's fields. The text
 * of `thinking` chunks becomes the `reasoning_content` extension.
 */
import { ProviderError, type ChatCompletion, type ChatCompletionChoice, type ToolCall } from '@conduit/plugin-api';
import { contentReasoning } from './content-reasoning.ts';
import { contentText } from './content-text.ts';
import { mapFinishReason } from './map-finish-reason.ts';
import { mapUsage } from './map-usage.ts';

interface MistralChoice {
  index?: number;
  message?: { content?: unknown; tool_calls?: unknown[] | null };
  finish_reason?: unknown;
}

export function mapChatResponse(raw: unknown, model: string, now: number): ChatCompletion {
  const body = (raw ?? {}) as { id?: unknown; created?: unknown; model?: unknown; choices?: unknown; usage?: unknown };
  if (!Array.isArray(body.choices)) {
    throw new ProviderError({ code: 'invalid_response', message: 'Mistral answered without choices' });
  }
  const completion: ChatCompletion = {
    id: typeof body.id === 'string' ? body.id : `chatcmpl-${now}`,
    object: 'chat.completion',
    created: typeof body.created === 'number' ? body.created : now,
    model: typeof body.model === 'string' ? body.model : model,
    choices: (body.choices as MistralChoice[]).map(mapChoice),
  };
  const usage = mapUsage(body.usage);
  if (usage) completion.usage = usage;
  return completion;
}

function mapChoice(choice: MistralChoice, position: number): ChatCompletionChoice {
  const toolCalls = (choice.message?.tool_calls ?? []).map(mapToolCall);
  const text = contentText(choice.message?.content);
  const mapped: ChatCompletionChoice = {
    index: typeof choice.index === 'number' ? choice.index : position,
    message: { role: 'assistant', content: toolCalls.length > 0 && !text ? null : (text ?? ''), refusal: null },
    finish_reason: mapFinishReason(choice.finish_reason) ?? 'stop',
    logprobs: null,
  };
  if (toolCalls.length > 0) mapped.message.tool_calls = toolCalls;
  const reasoning = contentReasoning(choice.message?.content);
  if (reasoning) (mapped.message as { reasoning_content?: string }).reasoning_content = reasoning;
  return mapped;
}

export function mapToolCall(raw: unknown): ToolCall {
  const call = (raw ?? {}) as { id?: unknown; function?: { name?: unknown; arguments?: unknown } };
  const args = call.function?.arguments;
  return {
    id: typeof call.id === 'string' ? call.id : '',
    type: 'function',
    function: {
      name: typeof call.function?.name === 'string' ? call.function.name : '',
      arguments: typeof args === 'string' ? args : JSON.stringify(args ?? {}),
    },
  };
}
