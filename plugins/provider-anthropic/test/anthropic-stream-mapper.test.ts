import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ProviderError, type ChatCompletionChunk } from '@conduit/plugin-api';
import type { AnthropicStreamEvent } from '../src/anthropic-api.ts';
import { AnthropicStreamMapper } from '../src/anthropic-stream-mapper.ts';
import { loadFixture } from './load-fixture.ts';

const created = 1_760_000_000;

function events(name: string): AnthropicStreamEvent[] {
  return loadFixture<{ events: Array<{ event: string; data: AnthropicStreamEvent }> }>(name).events.map((event) => event.data);
}

function run(name: string): ChatCompletionChunk[] {
  const mapper = new AnthropicStreamMapper('requested-model', created);
  const chunks = events(name).flatMap((event) => mapper.push(event));
  mapper.end();
  return chunks;
}

test('text stream: role chunk first, text deltas as sent, finish chunk, then one usage chunk', () => {
  const chunks = run('stream-text.json');
  const base = { id: 'msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY', object: 'chat.completion.chunk', created, model: 'claude-sonnet-5-5' };
  assert.equal(chunks, [
    { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null, logprobs: null }] },
    { ...base, choices: [{ index: 0, delta: { content: 'Hello' }, finish_reason: null, logprobs: null }] },
    { ...base, choices: [{ index: 0, delta: { content: '!' }, finish_reason: null, logprobs: null }] },
    { ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop', logprobs: null }] },
    {
      ...base,
      choices: [],
      usage: { prompt_tokens: 35, completion_tokens: 15, total_tokens: 50, prompt_tokens_details: { cached_tokens: 10, cache_write_tokens: 0 } },
    },
  ]);
});

test('tool stream: tool call indexes count tool_use blocks only and arguments stream piece by piece', () => {
  const chunks = run('stream-tool-use.json');
  const toolDeltas = chunks.flatMap((chunk) => chunk.choices.flatMap((choice) => choice.delta.tool_calls ?? []));
  assert.equal(toolDeltas[0], { index: 0, id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6', type: 'function', function: { name: 'get_weather', arguments: '' } });
  const firstArguments = toolDeltas.filter((delta) => delta.index === 0).slice(1);
  assert.equal(
    firstArguments.map((delta) => delta.function?.arguments),
    ['{"location":', ' "San', ' Francisc', 'o,', ' CA"', ', ', '"unit": "fah', 'renheit"}'],
  );
  for (const delta of firstArguments) assert.equal(Object.keys(delta).sort(), ['function', 'index']);
  assert.equal(JSON.parse(firstArguments.map((delta) => delta.function?.arguments).join('')), { location: 'San Francisco, CA', unit: 'fahrenheit' });
  // A tool whose input never streamed still gets valid JSON arguments.
  assert.equal(toolDeltas.filter((delta) => delta.index === 1), [
    { index: 1, id: 'toolu_01Nq3bC8HkE2sWZ7s9a4Xy1P', type: 'function', function: { name: 'get_time', arguments: '' } },
    { index: 1, function: { arguments: '{}' } },
  ]);
  const text = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
  assert.is(text, "Okay, let's check the weather for San Francisco, CA:");
  const finish = chunks.filter((chunk) => chunk.choices[0]?.finish_reason);
  assert.is(finish.length, 1);
  assert.is(finish[0].choices[0].finish_reason, 'tool_calls');
  assert.equal(chunks.at(-1)?.usage, { prompt_tokens: 472, completion_tokens: 89, total_tokens: 561, prompt_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 } });
});

test('thinking deltas become reasoning_content, the signed block follows whole; message_delta usage overrides message_start', () => {
  const chunks = run('stream-thinking.json');
  assert.equal(chunks[0].choices[0].delta, { role: 'assistant', content: '' });
  assert.equal(chunks[1].choices[0].delta, { reasoning_content: 'I need to find the GCD of 1071 and 462...' });
  assert.equal(chunks[2].choices[0].delta, {
    thinking_blocks: [{ type: 'thinking', thinking: 'I need to find the GCD of 1071 and 462...', signature: 'EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds...' }],
  });
  assert.equal(chunks[3].choices[0].delta, { content: 'The GCD is 21.' });
  assert.equal(chunks.at(-1)?.usage, {
    prompt_tokens: 48,
    completion_tokens: 310,
    total_tokens: 358,
    prompt_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 290 },
  });
});

test('every chunk carries the same id, created and model', () => {
  const chunks = run('stream-tool-use.json');
  assert.equal(new Set(chunks.map((chunk) => `${chunk.id}|${chunk.created}|${chunk.model}`)).size, 1);
});

test('an error event before any content throws before anything was emitted', () => {
  const mapper = new AnthropicStreamMapper('m', created);
  const emitted: ChatCompletionChunk[] = [];
  try {
    for (const event of events('stream-error.json')) emitted.push(...mapper.push(event));
    assert.unreachable('should have thrown');
  } catch (error) {
    assert.ok(ProviderError.isInstance(error));
    assert.is(error.code, 'overloaded');
    assert.is(error.status, 529);
    assert.is(error.providerCode, 'overloaded_error');
    assert.is(error.message, 'Overloaded');
    assert.ok(error.retryable);
  }
  assert.equal(emitted, []);
});

test('a stream that ends before message_stop is a connection error', () => {
  const mapper = new AnthropicStreamMapper('m', created);
  for (const event of events('stream-text.json').slice(0, 4)) mapper.push(event);
  try {
    mapper.end();
    assert.unreachable('should have thrown');
  } catch (error) {
    assert.ok(ProviderError.isInstance(error));
    assert.is(error.code, 'connection');
  }
});

test('an empty answer still yields role, finish and usage chunks', () => {
  const mapper = new AnthropicStreamMapper('m', created);
  const chunks = [
    ...mapper.push({ type: 'message_start', message: { id: 'msg_e', type: 'message', role: 'assistant', model: 'm', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 3, output_tokens: 1 } } }),
    ...mapper.push({ type: 'message_delta', delta: { stop_reason: 'max_tokens', stop_sequence: null }, usage: { output_tokens: 0 } }),
    ...mapper.push({ type: 'message_stop' }),
  ];
  assert.equal(chunks.map((chunk) => chunk.choices[0]?.finish_reason ?? (chunk.usage ? 'usage' : null)), [null, 'length', 'usage']);
});

test.run();
