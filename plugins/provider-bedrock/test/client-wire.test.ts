/**
 * The plugin against ConverseStream and Converse answers the scripted messages never hold: streams
 * cut before `messageStop`, tools without input, reasoning blocks (text, signature, redacted, kept as thinking_blocks), server
 * tool blocks, and event members this plugin does not map.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHttpClient, type ChatCompletionChunk } from '@conduit/plugin-api';
import { startBedrockFakeUpstream, type StreamItem } from './fake-bedrock-upstream.ts';
import { ask, call, clientFor, collect, rejection } from './test-client.ts';

const fake = await startBedrockFakeUpstream();
const http = createHttpClient();
const client = clientFor(fake, http);

test.after(async () => {
  await fake.close();
  await http.close();
});

const usage = { inputTokens: 12, outputTokens: 5, totalTokens: 17 };
const start: StreamItem = { event: 'messageStart', payload: { role: 'assistant' } };
const text = (index: number, piece: string): StreamItem => ({ event: 'contentBlockDelta', payload: { contentBlockIndex: index, delta: { text: piece } } });
const blockStop = (index: number): StreamItem => ({ event: 'contentBlockStop', payload: { contentBlockIndex: index } });
const stop = (stopReason: string): StreamItem => ({ event: 'messageStop', payload: { stopReason } });
const metadata: StreamItem = { event: 'metadata', payload: { usage, metrics: { latencyMs: 120 } } };

async function streamed(items: StreamItem[]): Promise<ChatCompletionChunk[]> {
  fake.enqueue({ type: 'events', items });
  return collect(client.chatStream(ask(), call()));
}

test('a stream cut after some text, before messageStop, fails mid-stream instead of ending as a short answer', async () => {
  fake.enqueue({ type: 'events', items: [start, text(0, 'The answer is')] });
  const seen: string[] = [];
  const error = await rejection(
    (async () => {
      for await (const chunk of client.chatStream(ask(), call())) seen.push(chunk.choices[0]?.delta.content ?? '');
    })(),
  );
  assert.equal(seen.filter(Boolean), ['The answer is']);
  assert.equal([error.code, error.phase, error.retryable], ['connection', 'mid-stream', true]);
  assert.match(error.message, /messageStop/);
});

test('a stream cut right after messageStart fails before output', async () => {
  fake.enqueue({ type: 'events', items: [start] });
  const error = await rejection(collect(client.chatStream(ask(), call())));
  assert.equal([error.code, error.phase], ['connection', 'before-output']);
});

test('a stream that ends after messageStop without metadata is complete, without usage', async () => {
  const chunks = await streamed([start, text(0, 'ok'), blockStop(0), stop('end_turn')]);
  assert.is(chunks.at(-1)?.choices[0]?.finish_reason, 'stop');
  assert.ok(chunks.every((chunk) => !chunk.usage));
});

test('a streamed tool call without input gets "{}" as its arguments', async () => {
  const chunks = await streamed([
    start,
    { event: 'contentBlockStart', payload: { contentBlockIndex: 0, start: { toolUse: { toolUseId: 'tooluse_noargs01', name: 'get_time' } } } },
    { event: 'contentBlockDelta', payload: { contentBlockIndex: 0, delta: { toolUse: { input: '' } } } },
    blockStop(0),
    { event: 'contentBlockStart', payload: { contentBlockIndex: 1, start: { toolUse: { toolUseId: 'tooluse_noargs02', name: 'get_date' } } } },
    blockStop(1),
    stop('tool_use'),
    metadata,
  ]);
  const deltas = chunks.flatMap((chunk) => chunk.choices.flatMap((choice) => choice.delta.tool_calls ?? []));
  for (const [index, id] of ['tooluse_noargs01', 'tooluse_noargs02'].entries()) {
    const mine = deltas.filter((delta) => delta.index === index);
    assert.is(mine[0]?.id, id);
    assert.is(mine.map((delta) => delta.function?.arguments ?? '').join(''), '{}');
  }
  assert.is(chunks.filter((chunk) => chunk.choices.length > 0).at(-1)?.choices[0]?.finish_reason, 'tool_calls');
});

test('reasoning text streams as reasoning_content; each block, once stopped, follows whole with its signature or redacted data as thinking_blocks', async () => {
  const chunks = await streamed([
    start,
    { event: 'contentBlockDelta', payload: { contentBlockIndex: 0, delta: { reasoningContent: { text: 'The user wants ' } } } },
    { event: 'contentBlockDelta', payload: { contentBlockIndex: 0, delta: { reasoningContent: { text: '2+2.' } } } },
    { event: 'contentBlockDelta', payload: { contentBlockIndex: 0, delta: { reasoningContent: { signature: 'ErcBCkgIAhABGAIiQFakeSignature' } } } },
    blockStop(0),
    { event: 'contentBlockDelta', payload: { contentBlockIndex: 1, delta: { reasoningContent: { redactedContent: 'RW5jcnlwdGVkIHRoaW5raW5n' } } } },
    blockStop(1),
    text(2, '4'),
    blockStop(2),
    stop('end_turn'),
    metadata,
  ]);
  const deltas = chunks.flatMap((chunk) => chunk.choices.map((choice) => choice.delta));
  assert.equal(deltas[0], { role: 'assistant', content: '' });
  assert.is(deltas.map((delta) => delta.reasoning_content ?? '').join(''), 'The user wants 2+2.');
  assert.is(deltas.map((delta) => delta.content ?? '').join(''), '4');
  assert.equal(deltas.flatMap((delta) => delta.thinking_blocks ?? []), [
    { type: 'thinking', thinking: 'The user wants 2+2.', signature: 'ErcBCkgIAhABGAIiQFakeSignature' },
    { type: 'redacted_thinking', data: 'RW5jcnlwdGVkIHRoaW5raW5n' },
  ]);
  // The signed block comes after its last piece of text and before the answer's text.
  const signedAt = deltas.findIndex((delta) => delta.thinking_blocks);
  assert.ok(signedAt > deltas.findLastIndex((delta) => delta.reasoning_content) && signedAt < deltas.findIndex((delta) => delta.content === '4'));
  assert.equal(chunks.at(-1)?.usage, { prompt_tokens: 12, completion_tokens: 5, total_tokens: 17 });
});

test('citation, image and tool result members the plugin does not map are skipped, the answer intact', async () => {
  const chunks = await streamed([
    start,
    { event: 'contentBlockStart', payload: { contentBlockIndex: 0, start: { image: { format: 'png' } } } },
    { event: 'contentBlockDelta', payload: { contentBlockIndex: 0, delta: { image: { source: { bytes: 'iVBORw0KGgo=' } } } } },
    blockStop(0),
    text(1, 'Paris'),
    { event: 'contentBlockDelta', payload: { contentBlockIndex: 1, delta: { citation: { title: 'Atlas', location: { documentChar: { documentIndex: 0, start: 0, end: 5 } } } } } },
    blockStop(1),
    { event: 'contentBlockStart', payload: { contentBlockIndex: 2, start: { toolResult: { toolUseId: 'srvtool_1' } } } },
    { event: 'contentBlockDelta', payload: { contentBlockIndex: 2, delta: { toolResult: [{ text: 'done' }] } } },
    blockStop(2),
    stop('end_turn'),
    metadata,
  ]);
  const deltas = chunks.flatMap((chunk) => chunk.choices.map((choice) => choice.delta));
  assert.is(deltas.map((delta) => delta.content ?? '').join(''), 'Paris');
  assert.ok(deltas.every((delta) => delta.tool_calls === undefined));
  assert.is(chunks.filter((chunk) => chunk.choices.length > 0).at(-1)?.choices[0]?.finish_reason, 'stop');
});

test('server tool use blocks (a system tool Bedrock ran itself) are not relayed as tool calls, streamed or not', async () => {
  const chunks = await streamed([
    start,
    { event: 'contentBlockStart', payload: { contentBlockIndex: 0, start: { toolUse: { toolUseId: 'tooluse_srv01', name: 'nova_grounding', type: 'server_tool_use' } } } },
    { event: 'contentBlockDelta', payload: { contentBlockIndex: 0, delta: { toolUse: { input: '{"query":"weather Paris"}' } } } },
    blockStop(0),
    { event: 'contentBlockStart', payload: { contentBlockIndex: 1, start: { toolResult: { toolUseId: 'tooluse_srv01', type: 'nova_grounding_result' } } } },
    blockStop(1),
    text(2, 'Sunny, 21°C.'),
    blockStop(2),
    stop('end_turn'),
    metadata,
  ]);
  const deltas = chunks.flatMap((chunk) => chunk.choices.map((choice) => choice.delta));
  assert.ok(deltas.every((delta) => delta.tool_calls === undefined));
  assert.is(deltas.map((delta) => delta.content ?? '').join(''), 'Sunny, 21°C.');

  fake.enqueue({
    type: 'converse',
    body: {
      output: {
        message: {
          role: 'assistant',
          content: [
            { toolUse: { toolUseId: 'tooluse_srv02', name: 'nova_grounding', input: { query: 'weather Paris' }, type: 'server_tool_use' } },
            { toolResult: { toolUseId: 'tooluse_srv02', content: [{ text: 'search results' }], status: 'success' } },
            { text: 'Sunny, 21°C.' },
          ],
        },
      },
      stopReason: 'end_turn',
      usage,
      metrics: { latencyMs: 700 },
    },
  });
  const message = (await client.chat(ask(), call())).choices[0]?.message;
  assert.is(message?.content, 'Sunny, 21°C.');
  assert.is(message?.tool_calls, undefined);
});

test('Converse: reasoning text becomes reasoning_content, and with its signature and the redacted block, thinking_blocks', async () => {
  fake.enqueue({
    type: 'converse',
    body: {
      metrics: { latencyMs: 900 },
      output: {
        message: {
          role: 'assistant',
          content: [
            { reasoningContent: { reasoningText: { text: 'Two plus two is four.', signature: 'ErcBCkgIAhABGAIiQFakeSignature' } } },
            { reasoningContent: { redactedContent: 'RW5jcnlwdGVkIHRoaW5raW5n' } },
            { text: '4' },
          ],
        },
      },
      stopReason: 'end_turn',
      usage,
    },
  });
  const completion = await client.chat(ask(), call());
  const message = completion.choices[0]!.message;
  assert.is(message.content, '4');
  assert.is(message.reasoning_content, 'Two plus two is four.');
  assert.equal(message.thinking_blocks, [
    { type: 'thinking', thinking: 'Two plus two is four.', signature: 'ErcBCkgIAhABGAIiQFakeSignature' },
    { type: 'redacted_thinking', data: 'RW5jcnlwdGVkIHRoaW5raW5n' },
  ]);
});

test.run();
