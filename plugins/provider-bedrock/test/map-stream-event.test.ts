import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ChatCompletionChunk } from '@conduit/plugin-api';
import type { ConverseStreamEvent } from '../src/converse-types.ts';
import { BedrockStreamMapper } from '../src/map-stream-event.ts';

const events = (name: string): ConverseStreamEvent[] => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
const identity = { id: 'chatcmpl-abc', created: 1700000000, model: 'anthropic.claude-3-haiku-20240307-v1:0' };

function run(list: ConverseStreamEvent[]): ChatCompletionChunk[] {
  const mapper = new BedrockStreamMapper(identity);
  return list.flatMap((event) => mapper.map(event));
}

test('a text stream: role first, then text pieces, finish, usage', () => {
  const chunks = run(events('stream-text.json'));
  assert.equal(
    chunks.map((chunk) => (chunk.choices[0] ? [chunk.choices[0].delta, chunk.choices[0].finish_reason] : chunk.usage)),
    [
      [{ role: 'assistant', content: '' }, null],
      [{ content: 'Hello' }, null],
      [{ content: '! How can I help?' }, null],
      [{}, 'stop'],
      { prompt_tokens: 13, completion_tokens: 9, total_tokens: 22 },
    ],
  );
  assert.ok(chunks.every((chunk) => chunk.id === 'chatcmpl-abc' && chunk.object === 'chat.completion.chunk' && chunk.created === 1700000000));
  assert.equal(chunks.at(-1)?.choices, []);
});

test('messageStart alone yields nothing, so an exception right after it is before output', () => {
  assert.equal(run(events('stream-text.json').slice(0, 1)), []);
});

test('tool use blocks become numbered tool calls with incremental arguments', () => {
  const chunks = run(events('stream-tool-use.json'));
  const calls = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
  assert.equal(calls, [
    { index: 0, id: 'tooluse_kZJMlvQmRJ6eAyJE5GIl7Q', type: 'function', function: { name: 'top_song', arguments: '' } },
    { index: 0, function: { arguments: '{"sign": ' } },
    { index: 0, function: { arguments: '"WZPZ"}' } },
    { index: 1, id: 'tooluse_8fPIgQ4GQiq1Ks0bKq1Yxw', type: 'function', function: { name: 'get_time', arguments: '' } },
    { index: 1, function: { arguments: '{"zone"' } },
    { index: 1, function: { arguments: ': "UTC"}' } },
  ]);
  const finish = chunks.filter((chunk) => chunk.choices.length > 0).at(-1);
  assert.is(finish?.choices[0]?.finish_reason, 'tool_calls');
  assert.equal(chunks.at(-1)?.usage, {
    prompt_tokens: 552,
    completion_tokens: 87,
    total_tokens: 639,
    prompt_tokens_details: { cached_tokens: 120, cache_write_tokens: 0 },
  });
});

test('a stream that opens with a tool call still starts with the role chunk', () => {
  const list = events('stream-tool-use.json').filter((event) => !(event.type === 'contentBlockDelta' && event.payload.contentBlockIndex === 0));
  const chunks = run(list);
  assert.equal(chunks[0]?.choices[0]?.delta, { role: 'assistant', content: '' });
  assert.is(chunks[1]?.choices[0]?.delta.tool_calls?.[0]?.id, 'tooluse_kZJMlvQmRJ6eAyJE5GIl7Q');
});

test('reasoning text is relayed as reasoning_content, its signature is not', () => {
  const mapper = new BedrockStreamMapper(identity);
  const chunks = mapper.map({ type: 'contentBlockDelta', payload: { contentBlockIndex: 0, delta: { reasoningContent: { text: 'hmm' } } } });
  assert.equal(chunks.map((chunk) => chunk.choices[0]?.delta), [{ role: 'assistant', content: '' }, { reasoning_content: 'hmm' }]);
  assert.equal(mapper.map({ type: 'contentBlockDelta', payload: { contentBlockIndex: 0, delta: { reasoningContent: { signature: 'EqQBCkgIARABGAIiQL' } } } }), []);
});

test.run();
