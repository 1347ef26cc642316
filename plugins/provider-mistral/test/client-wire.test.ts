/**
 * The plugin against Mistral answers the scripted messages never hold: streams cut short before
 * their finish reason, and content chunk types the plugin does not relay as text.
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

test.run();
