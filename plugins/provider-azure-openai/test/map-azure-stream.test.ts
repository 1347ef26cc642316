import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ChatCompletionChunk, Completion } from '@conduit/plugin-api';
import { mapAzureChatStream, mapAzureCompletionStream, withoutAzureAnnotations } from '../src/map-azure-stream.ts';

const fixture = (name: string): ChatCompletionChunk[] =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as ChatCompletionChunk[];

async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of stream) out.push(item);
  return out;
}

async function* from<T>(items: T[]): AsyncGenerator<T> {
  yield* items;
}

test('the prompt filter chunk is dropped, so the first chunk carries delta.role', async () => {
  const chunks = await collect(mapAzureChatStream(from(fixture('stream-chat.json'))));
  assert.is(chunks.length, 5);
  assert.is(chunks[0]?.choices[0]?.delta.role, 'assistant');
  assert.is(chunks[0]?.choices[0]?.delta.content, '');
  assert.ok(chunks.every((chunk) => chunk.id === 'chatcmpl-CECImr5TLfMFiZN3FUlfVdBLr51Fs'));
});

test('the usage chunk with no choices is kept, last', async () => {
  const chunks = await collect(mapAzureChatStream(from(fixture('stream-chat.json'))));
  const last = chunks.at(-1);
  assert.equal(last?.choices, []);
  assert.is(last?.usage?.total_tokens, 22);
  assert.is(chunks.at(-2)?.choices[0]?.finish_reason, 'stop');
});

test('asynchronous-filter annotations are dropped and the finish chunk stays last', async () => {
  const chunks = await collect(mapAzureChatStream(from(fixture('stream-async-filter.json'))));
  assert.equal(
    chunks.map((chunk) => chunk.choices[0]?.delta.content ?? chunk.choices[0]?.finish_reason),
    ['Color', ' is a', 'stop'],
  );
  assert.ok(chunks.every((chunk) => chunk.id !== ''));
});

test('a first chunk without a role gets role assistant, keeping its content', async () => {
  const chunks = await collect(mapAzureChatStream(from(fixture('stream-async-filter.json'))));
  assert.equal(chunks[0]?.choices[0]?.delta, { content: 'Color', role: 'assistant' });
  assert.is(chunks[1]?.choices[0]?.delta.role, undefined);
});

test('a content_filter finish reason passes through', async () => {
  const chunk = fixture('stream-chat.json')[4] as ChatCompletionChunk;
  const filtered = { ...chunk, choices: [{ ...chunk.choices[0]!, finish_reason: 'content_filter' as const }] };
  assert.is(withoutAzureAnnotations(filtered)?.choices[0]?.finish_reason, 'content_filter');
});

test('completion streams lose the prompt filter chunk too', async () => {
  const chunks = (await collect(
    mapAzureCompletionStream(
      from([
        { choices: [], created: 0, id: '', model: '', object: '', prompt_filter_results: [] },
        { choices: [{ text: 'Hi', index: 0, finish_reason: null, logprobs: null }], created: 1, id: 'cmpl-1', model: 'm', object: 'text_completion' },
        { choices: [{ text: '', index: 0, finish_reason: 'stop', logprobs: null }], created: 1, id: 'cmpl-1', model: 'm', object: 'text_completion' },
      ] as unknown as Completion[]),
    ),
  )) as Completion[];
  assert.equal(chunks.map((chunk) => chunk.id), ['cmpl-1', 'cmpl-1']);
});

test.run();
