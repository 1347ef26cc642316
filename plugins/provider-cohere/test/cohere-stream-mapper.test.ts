import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ProviderError, type ChatCompletionChunk } from '@conduit/plugin-api';
import { CohereStreamMapper } from '../src/cohere-stream-mapper.ts';
import type { CohereStreamEvent } from '../src/cohere-types.ts';
import { readFixture } from './read-fixture.ts';

const options = { model: 'command-a-03-2025', created: 1_750_000_000, fallbackId: 'chatcmpl-fallback' };

function mapAll(events: CohereStreamEvent[]): ChatCompletionChunk[] {
  const mapper = new CohereStreamMapper(options);
  const chunks = events.flatMap((event) => mapper.push(event));
  mapper.finish();
  return chunks;
}

const text = (chunks: ChatCompletionChunk[]) => chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');

test('a text stream: role first, text pieces as they come, finish reason, then usage on a choices-less chunk', () => {
  const chunks = mapAll(readFixture('stream-text.json'));
  assert.equal(chunks[0].choices, [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null, logprobs: null }]);
  assert.equal(
    chunks.slice(1, -2).map((chunk) => chunk.choices[0].delta.content),
    ['C', 'oca', '-', 'Cola', ' is', ' a carbonated soft drink.'],
  );
  assert.is(text(chunks), 'Coca-Cola is a carbonated soft drink.');
  const finishing = chunks.at(-2)!;
  assert.equal(finishing.choices, [{ index: 0, delta: {}, finish_reason: 'length', logprobs: null }]);
  assert.equal(chunks.at(-1), {
    id: 'a8fc192e-4bb8-4e15-ae1f-a174e8b02ae8',
    object: 'chat.completion.chunk',
    created: options.created,
    model: options.model,
    choices: [],
    usage: { prompt_tokens: 500, completion_tokens: 5, total_tokens: 505, prompt_tokens_details: { cached_tokens: 448 } },
  });
  for (const chunk of chunks) {
    assert.is(chunk.id, 'a8fc192e-4bb8-4e15-ae1f-a174e8b02ae8');
    assert.is(chunk.model, options.model);
    assert.is(chunk.created, options.created);
  }
});

test('parallel tool calls: the plan streams as content, each call starts with id and name, argument pieces follow', () => {
  const chunks = mapAll(readFixture('stream-tool-calls.json'));
  assert.is(text(chunks), 'I will use the weather tool.');
  const toolDeltas = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
  assert.equal(toolDeltas, [
    { index: 0, id: 'weather_e8p4pn45zt0t', type: 'function', function: { name: 'weather', arguments: '' } },
    { index: 0, function: { arguments: '{"' } },
    { index: 0, function: { arguments: 'location' } },
    { index: 0, function: { arguments: '": "San Francisco"}' } },
    { index: 1, id: 'cityAttractions_pyxssbwnq9fq', type: 'function', function: { name: 'cityAttractions', arguments: '' } },
    { index: 1, function: { arguments: '{"city"' } },
    { index: 1, function: { arguments: ': "San Francisco"}' } },
  ]);
  assert.is(chunks.at(-2)!.choices[0].finish_reason, 'tool_calls');
  assert.equal(chunks.at(-1)!.usage, {
    prompt_tokens: 1549,
    completion_tokens: 95,
    total_tokens: 1644,
    prompt_tokens_details: { cached_tokens: 1504 },
  });
});

test('a tool call whose arguments never stream gets {} when it ends, before the next call starts', () => {
  const start = (index: number, id: string, name: string): CohereStreamEvent => ({
    type: 'tool-call-start',
    index,
    delta: { message: { tool_calls: { id, type: 'function', function: { name, arguments: '' } } } },
  });
  const chunks = mapAll([
    { type: 'message-start', id: 'm1', delta: { message: { role: 'assistant' } } },
    start(0, 'get_time_1', 'get_time'),
    { type: 'tool-call-end', index: 0 },
    start(1, 'get_weather_2', 'get_weather'),
    { type: 'tool-call-delta', index: 1, delta: { message: { tool_calls: { function: { arguments: '{"city":"Rome"}' } } } } },
    { type: 'tool-call-end', index: 1 },
    start(2, 'get_date_3', 'get_date'),
    { type: 'message-end', delta: { finish_reason: 'TOOL_CALL' } },
  ]);
  const deltas = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
  const argumentsOf = (index: number) => deltas.filter((delta) => delta.index === index).map((delta) => delta.function?.arguments).join('');
  assert.is(argumentsOf(0), '{}');
  assert.is(argumentsOf(1), '{"city":"Rome"}');
  // A call left open by message-end is closed before the finish chunk.
  assert.is(argumentsOf(2), '{}');
  assert.equal(deltas.map((delta) => delta.index), [0, 0, 1, 1, 2, 2]);
  assert.is(chunks.at(-1)!.choices[0]!.finish_reason, 'tool_calls');
});

test('a tool call cut open by MAX_TOKENS before its arguments is not given {}', () => {
  const chunks = mapAll([
    { type: 'message-start', id: 'm1', delta: { message: { role: 'assistant' } } },
    { type: 'tool-call-start', index: 0, delta: { message: { tool_calls: { id: 'get_time_1', type: 'function', function: { name: 'get_time', arguments: '' } } } } },
    { type: 'message-end', delta: { finish_reason: 'MAX_TOKENS' } },
  ]);
  const deltas = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
  assert.equal(deltas.map((delta) => delta.function?.arguments), ['']);
  assert.is(chunks.at(-1)!.choices[0]!.finish_reason, 'length');
});

test('thinking deltas and citation events are not relayed', () => {
  const chunks = mapAll(readFixture('stream-thinking-and-citations.json'));
  assert.is(text(chunks), 'It is 24°C in Madrid.');
  assert.is(chunks.filter((chunk) => chunk.choices[0]?.delta.role === 'assistant').length, 1);
});

test('a stream that ends without usage has no usage chunk', () => {
  const chunks = mapAll([
    { type: 'message-start', id: 'm1' },
    { type: 'content-delta', index: 0, delta: { message: { content: { text: 'Hi' } } } },
    { type: 'message-end', delta: { finish_reason: 'COMPLETE' } },
  ]);
  assert.is(chunks.length, 3);
  assert.ok(chunks.every((chunk) => chunk.usage === undefined));
  assert.is(chunks.at(-1)!.choices[0].finish_reason, 'stop');
});

test('message-end with ERROR throws the error text; nothing was emitted before output', () => {
  const mapper = new CohereStreamMapper(options);
  assert.equal(mapper.push({ type: 'message-start', id: 'm1' }), [], 'the role chunk waits for output');
  try {
    mapper.push({ type: 'message-end', delta: { finish_reason: 'ERROR', error: 'internal server error' } });
    assert.unreachable('should throw');
  } catch (error) {
    assert.ok(ProviderError.isInstance(error));
    assert.is((error as ProviderError).code, 'server');
    assert.is((error as ProviderError).message, 'internal server error');
  }
});

test('message-end with ERROR after text throws once the text was relayed', () => {
  const events = readFixture<CohereStreamEvent[]>('stream-error.json');
  const mapper = new CohereStreamMapper(options);
  const chunks = events.slice(0, -1).flatMap((event) => mapper.push(event));
  assert.is(text(chunks), 'Partial');
  assert.throws(() => mapper.push(events.at(-1)!), /internal server error/);
});

test('a stream cut before message-end is a connection error', () => {
  const mapper = new CohereStreamMapper(options);
  mapper.push({ type: 'content-delta', index: 0, delta: { message: { content: { text: 'Hi' } } } });
  try {
    mapper.finish();
    assert.unreachable('should throw');
  } catch (error) {
    assert.is((error as ProviderError).code, 'connection');
  }
});

test('without a message id the fallback id is used on every chunk', () => {
  const chunks = mapAll([
    { type: 'content-delta', index: 0, delta: { message: { content: { text: 'Hi' } } } },
    { type: 'message-end', delta: { finish_reason: 'COMPLETE' } },
  ]);
  assert.ok(chunks.every((chunk) => chunk.id === 'chatcmpl-fallback'));
});

test.run();
