/** The usage of a chat completion answered to another wire format: the provider's, else estimated from the text and tool calls. */
import type { ChatCompletion } from '@conduit/plugin-api';
import { estimateUsage } from '../../engine/usage/estimate-usage.ts';
import type { Prompt } from '../../engine/usage/prompt.ts';
import type { AnswerUsage } from '../endpoint.ts';

export function chatAnswerUsage(completion: ChatCompletion, prompt: Prompt, model: string | undefined): AnswerUsage {
  if (completion.usage) return { usage: completion.usage, estimated: false };
  const message = completion.choices[0]?.message;
  let output = message?.content ?? '';
  for (const call of message?.tool_calls ?? []) output += call.function.name + call.function.arguments;
  return { usage: estimateUsage(prompt, output, model), estimated: true };
}
