import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ProviderError, parseSse, type ChatCompletionChunk } from '@conduit/plugin-api';
import type { GeminiGenerateContentResponse } from '../src/gemini-api.ts';
import { GeminiStreamMapper } from '../src/gemini-stream-mapper.ts';
import { readFixture, readFixtureText } from './read-fixture.ts';

const identity = { created: 1_750_000_000, model: 'gemini-2.5-flash' };

function run(events: GeminiGenerateContentResponse[], onSignature?: (id: string, signature: string) => void) {
  const mapper = new GeminiStreamMapper(identity, onSignature);
  const perEvent = events.map((event) => mapper.push(event));
  return { perEvent, chunks: [...perEvent.flat(), ...mapper.end()] };
}

const choiceChunks = (chunks: ChatCompletionChunk[]) => chunks.filter((chunk) => chunk.choices.length > 0);

test('SSE text stream (CRLF framing): role first, each text piece relayed as it arrives, usage last', async () => {
  const events: GeminiGenerateContentResponse[] = [];
  // Fed in small byte pieces, as a socket would deliver them.
  const bytes = new TextEncoder().encode(readFixtureText('stream-text.sse'));
  async function* pieces() {
    for (let start = 0; start < bytes.length; start += 7) yield bytes.subarray(start, start + 7);
  }
  for await (const event of parseSse(pieces())) events.push(JSON.parse(event.data));
  assert.is(events.length, 3);
  const { perEvent, chunks } = run(events);

  assert.equal(perEvent[0]!.map((chunk) => chunk.choices[0]!.delta), [{ role: 'assistant', content: '' }, { content: 'The' }]);
  assert.equal(perEvent[1]!.map((chunk) => chunk.choices[0]!.delta), [{ content: ' capital of France' }]);
  assert.equal(
    perEvent[2]!.map((chunk) => [chunk.choices[0]!.delta, chunk.choices[0]!.finish_reason]),
    [
      [{ content: ' is Paris.' }, null],
      [{}, 'stop'],
    ],
  );
  const last = chunks.at(-1)!;
  assert.equal(last.choices, []);
  assert.equal(last.usage, {
    prompt_tokens: 8,
    completion_tokens: 29,
    total_tokens: 37,
    completion_tokens_details: { reasoning_tokens: 22 },
  });
  for (const chunk of chunks) {
    assert.is(chunk.id, 'chatcmpl-4lfEaIjVLOXW1e8Pw9yzqQ4');
    assert.is(chunk.object, 'chat.completion.chunk');
    assert.is(chunk.created, identity.created);
    assert.is(chunk.model, identity.model);
  }
});

test('function calls: each arrives whole as one delta with index, id, type, name and arguments', () => {
  const signatures: string[] = [];
  const { chunks } = run(readFixture('stream-function-calls.json'), (_id, signature) => signatures.push(signature));
  const deltas = choiceChunks(chunks).map((chunk) => chunk.choices[0]!);
  assert.equal(deltas[1]!.delta, { content: 'Checking both cities.' });
  const calls = deltas.flatMap((choice) => choice.delta.tool_calls ?? []);
  assert.is(calls.length, 2);
  assert.equal(
    calls.map((call) => [call.index, call.type, call.function?.name, call.function?.arguments]),
    [
      [0, 'function', 'get_weather', '{"city":"Paris"}'],
      [1, 'function', 'get_weather', '{"city":"Rome"}'],
    ],
  );
  for (const call of calls) assert.match(call.id ?? '', /^call_[A-Za-z0-9]{24}$/);
  assert.is(deltas.at(-1)!.finish_reason, 'tool_calls');
  assert.is(choiceChunks(chunks).filter((chunk) => chunk.choices[0]!.finish_reason !== null).length, 1);
  assert.equal(signatures, ['CiQB0e2Kb1f9lW7lGc2P3lOeYkQWm4vKXjvT2Vq6h5rJ2n8xkA==']);
  assert.is(chunks.at(-1)!.usage?.total_tokens, 101);
});

test('thought parts are not relayed; an empty final text part only finishes', () => {
  const { chunks } = run(readFixture('stream-thinking.json'));
  const deltas = choiceChunks(chunks).map((chunk) => chunk.choices[0]!.delta);
  assert.equal(deltas, [{ role: 'assistant', content: '' }, { content: 'Yes.' }, {}]);
  assert.equal(chunks.at(-1)!.usage, {
    prompt_tokens: 12,
    completion_tokens: 70,
    total_tokens: 82,
    prompt_tokens_details: { cached_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 68 },
  });
});

test('a prompt blocked before any candidate finishes choice 0 with content_filter', () => {
  const { chunks } = run(readFixture('stream-prompt-blocked.json'));
  assert.equal(
    choiceChunks(chunks).map((chunk) => [chunk.choices[0]!.delta, chunk.choices[0]!.finish_reason]),
    [
      [{ role: 'assistant', content: '' }, null],
      [{}, 'content_filter'],
    ],
  );
  assert.is(chunks.at(-1)!.usage?.prompt_tokens, 9);
});

test('a stream cut off before its finishReason is a connection error, not a finished answer', () => {
  const mapper = new GeminiStreamMapper(identity);
  const relayed = mapper.push({ candidates: [{ content: { parts: [{ text: 'Hi' }], role: 'model' }, index: 0 }], usageMetadata: { promptTokenCount: 3 } });
  assert.equal(relayed.map((chunk) => chunk.choices[0]!.finish_reason), [null, null]);
  try {
    mapper.end();
    assert.unreachable('expected end() to throw');
  } catch (error) {
    assert.ok(ProviderError.isInstance(error));
    assert.is((error as ProviderError).code, 'connection');
  }
});

test('one of several candidates left without finishReason fails the stream too', () => {
  const mapper = new GeminiStreamMapper(identity);
  mapper.push({
    candidates: [
      { content: { parts: [{ text: 'A' }] }, index: 0, finishReason: 'STOP' },
      { content: { parts: [{ text: 'B' }] }, index: 1 },
    ],
  });
  assert.throws(() => mapper.end(), (error: unknown) => ProviderError.isInstance(error) && error.code === 'connection');
});

test('a last event with finishReason and usage but no content finishes the answer', () => {
  const { chunks } = run([
    { candidates: [{ content: { parts: [{ text: 'Hi' }], role: 'model' }, index: 0 }] },
    { candidates: [{ finishReason: 'STOP' }], usageMetadata: { promptTokenCount: 3, candidatesTokenCount: 1, totalTokenCount: 4 } },
  ]);
  assert.equal(
    choiceChunks(chunks).map((chunk) => [chunk.choices[0]!.delta, chunk.choices[0]!.finish_reason]),
    [
      [{ role: 'assistant', content: '' }, null],
      [{ content: 'Hi' }, null],
      [{}, 'stop'],
    ],
  );
  assert.is(chunks.at(-1)!.usage?.total_tokens, 4);
});

test('finishReason null or FINISH_REASON_UNSPECIFIED on a piece does not finish the choice early', () => {
  const { chunks } = run([
    { candidates: [{ content: { parts: [{ text: 'Hel' }] }, index: 0, finishReason: null as never }] },
    { candidates: [{ content: { parts: [{ text: 'lo' }] }, index: 0, finishReason: 'FINISH_REASON_UNSPECIFIED' }] },
    { candidates: [{ content: { parts: [{ text: '!' }] }, index: 0, finishReason: 'STOP' }] },
  ]);
  assert.equal(
    choiceChunks(chunks).map((chunk) => [chunk.choices[0]!.delta, chunk.choices[0]!.finish_reason]),
    [
      [{ role: 'assistant', content: '' }, null],
      [{ content: 'Hel' }, null],
      [{ content: 'lo' }, null],
      [{ content: '!' }, null],
      [{}, 'stop'],
    ],
  );
});

test('UNEXPECTED_TOOL_CALL after streamed text fails the stream at that event, its finishMessage as the message', () => {
  const mapper = new GeminiStreamMapper(identity);
  assert.is(mapper.push({ candidates: [{ content: { parts: [{ text: 'Let me look.' }] }, index: 0 }] }).length, 2);
  assert.throws(
    () => mapper.push({ candidates: [{ finishReason: 'UNEXPECTED_TOOL_CALL', finishMessage: 'Unexpected tool call: code_execution', index: 0 }] }),
    (error: unknown) =>
      ProviderError.isInstance(error) &&
      error.code === 'server' &&
      error.providerCode === 'UNEXPECTED_TOOL_CALL' &&
      error.message === 'Unexpected tool call: code_execution',
  );
});

test('several candidates stream as separate choice indexes', () => {
  const { chunks } = run([
    {
      candidates: [
        { content: { parts: [{ text: 'A' }] }, index: 0, finishReason: 'STOP' },
        { content: { parts: [{ text: 'B' }] }, index: 1, finishReason: 'STOP' },
      ],
    },
  ]);
  const texts = (index: number) =>
    chunks.flatMap((chunk) => chunk.choices.filter((choice) => choice.index === index)).map((choice) => choice.delta.content ?? '').join('');
  assert.is(texts(0), 'A');
  assert.is(texts(1), 'B');
});

test('a stream without any candidate is an invalid response', () => {
  const mapper = new GeminiStreamMapper(identity);
  try {
    mapper.end();
    assert.unreachable('expected end() to throw');
  } catch (error) {
    assert.ok(ProviderError.isInstance(error));
    assert.is((error as ProviderError).code, 'invalid_response');
  }
});

test.run();
