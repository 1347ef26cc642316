/**
 * The guarantees of every chat stream (see openai/chat-chunk.ts): one id, created and model on every
 * chunk; the first choice delta carries the assistant role; finish_reason once, on the last choice
 * chunk; usage at most once, on a final chunk with `choices: []`.
 */
import * as assert from 'uvu/assert';
import type { ChatCompletionChunk } from '../openai/index.ts';
import { assertUsage } from './assert-chat-completion.ts';

export function assertStreamInvariants(chunks: ChatCompletionChunk[]): void {
  assert.ok(chunks.length > 0, 'the stream yielded chunks');
  const [first] = chunks;
  for (const chunk of chunks) {
    assert.is(chunk.object, 'chat.completion.chunk', 'object is chat.completion.chunk');
    assert.ok(typeof chunk.id === 'string' && chunk.id.length > 0, 'id is a non-empty string');
    assert.is(chunk.id, first.id, 'every chunk has the same id');
    assert.is(chunk.created, first.created, 'every chunk has the same created');
    assert.is(chunk.model, first.model, 'every chunk has the same model');
    assert.ok(Array.isArray(chunk.choices), 'choices is an array');
  }
  assert.ok(Number.isInteger(first.created) && first.created > 0, 'created is a Unix time in seconds');
  assert.ok(typeof first.model === 'string' && first.model.length > 0, 'model is a non-empty string');

  const withChoices = chunks.filter((chunk) => chunk.choices.length > 0);
  assert.ok(withChoices.length > 0, 'some chunk carries a choice');
  assert.is(withChoices[0].choices[0].delta.role, 'assistant', "the first choice delta has role 'assistant'");

  const finishing = chunks.filter((chunk) => chunk.choices.some((choice) => choice.finish_reason != null));
  assert.is(finishing.length, 1, 'exactly one chunk carries a finish_reason');
  assert.is(finishing[0], withChoices.at(-1), 'the finish_reason is on the last chunk with a choice');

  const withUsage = chunks.filter((chunk) => chunk.usage != null);
  assert.ok(withUsage.length <= 1, 'usage arrives at most once');
  if (withUsage.length === 1) {
    assert.is(withUsage[0], chunks.at(-1), 'the usage chunk is the last chunk');
    assert.equal(withUsage[0].choices, [], 'the usage chunk has choices: []');
    assertUsage(withUsage[0].usage!);
  }
}

/** The one usage chunk's usage, or undefined when the stream carried none. */
export function streamUsage(chunks: ChatCompletionChunk[]): ChatCompletionChunk['usage'] {
  return chunks.find((chunk) => chunk.usage != null)?.usage ?? undefined;
}
