/**
 * The plugin against Mistral answers the scripted messages never hold: streams cut short before
 * their finish reason, and content chunk lists with thinking and reference chunks.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { call, chat, collect, expectError, model, startClientHarness } from './client-harness.ts';

const harness = await startClientHarness();
const { fake, client } = harness;
test.after(() => harness.close());
test.before.each(() => fake.reset());

const id = 'c0ffee0123456789abcdef0123456789';
const chunk = (delta: Record<string, unknown>, finish: string | null = null, extra: Record<string, unknown> = {}) => ({
  id,
  object: 'chat.completion.chunk',
  created: 1769088912,
  model,
  choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }],
  ...extra,
});
const ask = () => chat({ messages: [{ role: 'user', content: 'Hello' }] });

test('a stream cut after some text, without finish_reason or [DONE], fails mid-stream instead of ending as a short answer', async () => {
  fake.enqueue({ type: 'chunks', chunks: [chunk({ role: 'assistant', content: '' }), chunk({ content: 'The answer' }), chunk({ content: ' is' })], done: false });
  const seen: string[] = [];
  const error = await expectError(
    (async () => {
      for await (const item of client.chatStream(ask(), call())) seen.push(item.choices[0]?.delta.content ?? '');
    })(),
  );
  assert.is(seen.join(''), 'The answer is');
  assert.equal([error.code, error.phase, error.retryable], ['connection', 'mid-stream', true]);
  assert.match(error.message, /finish_reason/);
});

test('a stream cut after its role chunk fails before output', async () => {
  fake.enqueue({ type: 'chunks', chunks: [chunk({ role: 'assistant', content: '' })], done: false });
  const error = await expectError(collect(client.chatStream(ask(), call())));
  assert.equal([error.code, error.phase], ['connection', 'before-output']);
});

test('a stream with its finish reason and usage but no [DONE] is complete', async () => {
  fake.enqueue({
    type: 'chunks',
    chunks: [chunk({ role: 'assistant', content: 'Hi' }), chunk({ content: '' }, 'stop', { usage: { prompt_tokens: 4, total_tokens: 5, completion_tokens: 1 } })],
    done: false,
  });
  const chunks = await collect(client.chatStream(ask(), call()));
  assert.is(chunks.filter((item) => item.choices.length > 0).at(-1)?.choices[0]?.finish_reason, 'stop');
  assert.equal(chunks.at(-1)?.usage, { prompt_tokens: 4, completion_tokens: 1, total_tokens: 5 });
});

const thinking = (text: string) => ({ type: 'thinking', thinking: [{ type: 'text', text }] });

test('stream: thinking chunks are relayed as reasoning_content, reference chunks skipped, text as content', async () => {
  fake.enqueue({
    type: 'chunks',
    chunks: [
      chunk({ role: 'assistant', content: [thinking('The user asks ')] }),
      chunk({ content: [thinking('for 2+2.')] }),
      chunk({ content: [{ type: 'reference', reference_ids: [1, 2] }, { type: 'text', text: '2 + 2 = 4' }] }),
      chunk({ content: '' }, 'stop', { usage: { prompt_tokens: 10, total_tokens: 56, completion_tokens: 46 } }),
    ],
    done: true,
  });
  const chunks = await collect(client.chatStream(ask(), call()));
  const deltas = chunks.flatMap((item) => item.choices.map((choice) => choice.delta));
  assert.equal(deltas[0], { role: 'assistant', content: '' });
  assert.is(deltas.map((delta) => delta.reasoning_content ?? '').join(''), 'The user asks for 2+2.');
  assert.is(deltas.map((delta) => delta.content ?? '').join(''), '2 + 2 = 4');
  assert.equal(chunks.at(-1)?.usage, { prompt_tokens: 10, completion_tokens: 46, total_tokens: 56 });
});

test('chat: thinking chunks become reasoning_content beside the text content', async () => {
  fake.enqueue({
    type: 'body',
    body: {
      id,
      object: 'chat.completion',
      created: 1769088912,
      model,
      usage: { prompt_tokens: 10, total_tokens: 56, completion_tokens: 46 },
      choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', tool_calls: null, content: [thinking('Basic arithmetic.'), { type: 'text', text: '4' }] } }],
    },
  });
  const completion = await client.chat(ask(), call());
  const message = completion.choices[0]?.message as { content: string | null; reasoning_content?: string };
  assert.is(message.content, '4');
  assert.is(message.reasoning_content, 'Basic arithmetic.');
});

test('a streamed tool call whose continuation deltas carry the id "null" (as devstral sends them) stays one call', async () => {
  const padded = (delta: Record<string, unknown>, p: string) => ({ ...chunk(delta), p });
  fake.enqueue({
    type: 'chunks',
    done: true,
    chunks: [
      chunk({ role: 'assistant', content: '' }),
      padded({ tool_calls: [{ id: 'WcG8xhSs1', function: { name: 'read_file', arguments: '' }, index: 0 }] }, 'abcdefghijklmno'),
      padded({ tool_calls: [{ id: 'null', function: { name: '', arguments: '{"' }, index: 0 }] }, 'abcdefghijklmnopqrstuvwxyz01234567'),
      padded({ tool_calls: [{ id: 'null', function: { name: '', arguments: 'path": "README.md"}' }, index: 0 }] }, 'abcdefgh'),
      chunk({ content: '' }, 'tool_calls', { usage: { prompt_tokens: 40, total_tokens: 52, completion_tokens: 12 } }),
    ],
  });
  const chunks = await collect(client.chatStream(ask(), call()));
  const calls = chunks.flatMap((item) => item.choices.flatMap((choice) => choice.delta.tool_calls ?? []));
  assert.ok(calls.every((delta) => delta.index === 0));
  assert.equal(calls.filter((delta) => delta.id !== undefined).map((delta) => [delta.id, delta.function?.name]), [['WcG8xhSs1', 'read_file']]);
  assert.is(calls.map((delta) => delta.function?.arguments ?? '').join(''), '{"path": "README.md"}');
});

test.run();
