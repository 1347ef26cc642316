import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ProviderError, type ChatCompletionChunk } from '@conduit/plugin-api';
import { MistralStreamNormalizer } from '../src/mistral-stream-normalizer.ts';
import { readFixture } from './read-fixture.ts';

const options = { model: 'mistral-small-latest', created: 1_800_000_000, fallbackId: 'chatcmpl-fallback' };

function normalize(chunks: unknown[]): ChatCompletionChunk[] {
  const normalizer = new MistralStreamNormalizer(options);
  return [...chunks.flatMap((chunk) => normalizer.push(chunk)), ...normalizer.finish()];
}

const text = (chunks: ChatCompletionChunk[]) => chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
const toolDeltas = (chunks: ChatCompletionChunk[]) => chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);

test('text: role first, pieces as they come, finish on the last choice chunk, usage moved to a final choices-less chunk', () => {
  const chunks = normalize(readFixture('stream-text.json'));
  assert.equal(chunks[0].choices[0].delta, { role: 'assistant', content: '' });
  assert.equal(chunks.slice(1, 4).map((chunk) => chunk.choices[0].delta.content), ['Hello', ', ', 'world!']);
  assert.is(text(chunks), 'Hello, world!');
  assert.equal(chunks.at(-2)!.choices, [{ index: 0, delta: {}, finish_reason: 'stop', logprobs: null }]);
  assert.is(chunks.at(-2)!.usage, undefined);
  assert.equal(chunks.at(-1), {
    id: '5319bd0299614c679a0068a4f2c8ffd0',
    object: 'chat.completion.chunk',
    created: 1769088720,
    model: 'mistral-small-latest',
    choices: [],
    usage: { prompt_tokens: 13, completion_tokens: 8, total_tokens: 21 },
  });
  assert.is(chunks.filter((chunk) => chunk.usage).length, 1);
});

test('whole parallel tool calls in one delta: each opens with id and name, then its arguments; distinct indexes', () => {
  const chunks = normalize(readFixture('stream-tool-call.json'));
  assert.equal(toolDeltas(chunks), [
    { index: 0, id: 'gSIMJiOkT', type: 'function', function: { name: 'weather', arguments: '' } },
    { index: 0, function: { arguments: '{"location": "San Francisco"}' } },
    { index: 1, id: 'Xk3pQ9aZb', type: 'function', function: { name: 'cityAttractions', arguments: '' } },
    { index: 1, function: { arguments: '{"city": "San Francisco"}' } },
  ]);
  assert.is(chunks.at(-2)!.choices[0].finish_reason, 'tool_calls');
  assert.equal(chunks.at(-1)!.usage, { prompt_tokens: 124, completion_tokens: 22, total_tokens: 146 });
});

test('incremental tool call: continuation deltas without id and with an empty name extend the same call', () => {
  const chunks = normalize(readFixture('stream-incremental-tool-call.json'));
  assert.equal(toolDeltas(chunks), [
    { index: 0, id: 'chatcmpl-tool-9f149c74c42f265b', type: 'function', function: { name: 'webSearchTool', arguments: '' } },
    { index: 0, function: { arguments: '{"query": "current Berlin weather"}' } },
  ]);
  assert.equal(chunks[0].choices[0].delta, { role: 'assistant', content: '' });
  assert.equal(chunks.at(-1)!.usage, {
    prompt_tokens: 171,
    completion_tokens: 14,
    total_tokens: 185,
    prompt_tokens_details: { cached_tokens: 128 },
  });
});

test('reasoning content chunks: thinking is relayed as reasoning_content, text as content', () => {
  const chunks = normalize(readFixture('stream-reasoning.json'));
  assert.is(text(chunks), '2 + 2 = 4');
  assert.is(chunks.map((chunk) => chunk.choices[0]?.delta.reasoning_content ?? '').join(''), 'The user is asking for 2+2.');
  assert.is(chunks.filter((chunk) => chunk.choices[0]?.delta.role === 'assistant').length, 1);
  assert.ok(chunks.every((chunk) => chunk.model === 'magistral-medium-2507'));
});

test('the role-only opening chunk is held back: an error right after it throws with nothing emitted', () => {
  const normalizer = new MistralStreamNormalizer(options);
  const [opening] = readFixture<unknown[]>('stream-text.json');
  assert.equal(normalizer.push(opening), []);
  try {
    normalizer.push({ object: 'error', message: 'Internal server error', type: 'internal_server_error', param: null, code: '3000' });
    assert.unreachable('should throw');
  } catch (error) {
    assert.ok(ProviderError.isInstance(error));
    assert.is((error as ProviderError).code, 'server');
    assert.is((error as ProviderError).message, 'Internal server error');
  }
});

test('error bodies in the stream: rate limits and context length are recognised', () => {
  const normalizer = new MistralStreamNormalizer(options);
  assert.throws(() => normalizer.push({ object: 'error', message: 'Service tier capacity exceeded for this model.', type: 'service_tier_capacity_exceeded' }), (error: ProviderError) => error.code === 'rate_limit');
  assert.throws(
    () => normalizer.push({ object: 'error', message: 'Prompt contains 40003 tokens, too large for model with 32768 maximum context length', type: 'invalid_request_error' }),
    (error: ProviderError) => error.code === 'context_length',
  );
  assert.throws(() => normalizer.push({ detail: [{ loc: ['body', 'x'], msg: 'bad', type: 'value_error' }] }), (error: ProviderError) => error.code === 'bad_request');
});

test('finish reason error in a stream throws', () => {
  const normalizer = new MistralStreamNormalizer(options);
  normalizer.push({ id: 'x', choices: [{ index: 0, delta: { content: 'Hi' }, finish_reason: null }] });
  assert.throws(() => normalizer.push({ id: 'x', choices: [{ index: 0, delta: { content: '' }, finish_reason: 'error' }] }), /error/);
});

test('two choices (n = 2) each open with a role and keep their own finish', () => {
  const chunks = normalize([
    { id: 'm', created: 1, model: 'mistral-small-latest', choices: [{ index: 0, delta: { role: 'assistant', content: 'A' }, finish_reason: null }, { index: 1, delta: { role: 'assistant', content: 'B' }, finish_reason: null }] },
    { id: 'm', created: 1, model: 'mistral-small-latest', choices: [{ index: 0, delta: { content: '' }, finish_reason: 'stop' }, { index: 1, delta: { content: '' }, finish_reason: 'length' }] },
  ]);
  const forChoice = (index: number) => chunks.flatMap((chunk) => chunk.choices.filter((choice) => choice.index === index));
  assert.equal(forChoice(0).map((choice) => [choice.delta.role, choice.delta.content, choice.finish_reason]), [
    ['assistant', '', null],
    [undefined, 'A', null],
    [undefined, undefined, 'stop'],
  ]);
  assert.is(forChoice(1).at(-1)!.finish_reason, 'length');
});

test('a stream without usage ends without a usage chunk; missing ids fall back', () => {
  const chunks = normalize([{ choices: [{ index: 0, delta: { content: 'Hi' }, finish_reason: 'stop' }] }]);
  assert.ok(chunks.every((chunk) => chunk.usage === undefined && chunk.id === 'chatcmpl-fallback'));
  assert.is(chunks.length, 3);
});

test.run();
