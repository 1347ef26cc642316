import * as assert from 'uvu/assert';
import type { ChatCompletion, Usage } from '../openai/index.ts';

const finishReasons = ['stop', 'length', 'tool_calls', 'content_filter', 'function_call'];

/** The shape every `chat.completion` a plugin returns must have. */
export function assertChatCompletion(completion: ChatCompletion): void {
  assert.type(completion, 'object', 'the answer is an object');
  assert.is(completion.object, 'chat.completion', 'object is chat.completion');
  assert.ok(typeof completion.id === 'string' && completion.id.length > 0, 'id is a non-empty string');
  assert.ok(Number.isInteger(completion.created) && completion.created > 0, 'created is a Unix time in seconds');
  assert.ok(typeof completion.model === 'string' && completion.model.length > 0, 'model is a non-empty string');
  assert.ok(Array.isArray(completion.choices) && completion.choices.length > 0, 'choices is a non-empty array');
  const [choice] = completion.choices;
  assert.is(choice.index, 0, 'the first choice has index 0');
  assert.is(choice.message.role, 'assistant', 'the message role is assistant');
  assert.ok(finishReasons.includes(String(choice.finish_reason)), `finish_reason is valid (${choice.finish_reason})`);
  if (completion.usage) assertUsage(completion.usage);
}

export function assertUsage(usage: Usage): void {
  for (const field of ['prompt_tokens', 'completion_tokens', 'total_tokens'] as const) {
    assert.ok(Number.isInteger(usage[field]) && usage[field] >= 0, `usage.${field} is a non-negative integer`);
  }
  assert.is(usage.total_tokens, usage.prompt_tokens + usage.completion_tokens, 'total_tokens = prompt + completion');
}

/** The text of the first choice. */
export function contentOf(completion: ChatCompletion): string {
  return completion.choices[0]?.message.content ?? '';
}
