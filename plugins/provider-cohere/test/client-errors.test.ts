/**
 * The plugin against the fake Cohere upstream when things go wrong: HTTP errors with their codes,
 * retryability and Retry-After; in-stream errors before and after output; aborts.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ChatCompletionChunk } from '@conduit/plugin-api';
import { call, chat, collect, expectError, startClientHarness, streamedText } from './client-harness.ts';

const harness = await startClientHarness();
const { fake, client } = harness;
test.after(() => harness.close());
test.before.each(() => fake.reset());

test('401: a wrong key is an authentication error that does not repeat the key', async () => {
  const stranger = harness.clientWith({ credentials: { apiKey: 'co-wrong-key-987654321' } });
  const error = await expectError(stranger.chat(chat({ messages: [{ role: 'user', content: 'Hi' }] }), call()));
  assert.is(error.code, 'authentication');
  assert.is(error.status, 401);
  assert.is(error.message, 'invalid api token');
  assert.not.ok(error.retryable);
  assert.not.ok(error.message.includes('co-wrong-key-987654321'));
});

test('429 with Retry-After: rate_limit, retryable, retryAfterMs set', async () => {
  fake.enqueue({ type: 'http-error', status: 429, message: 'Too many requests, slow down.', retryAfterSeconds: 2 });
  const error = await expectError(client.chat(chat({ messages: [{ role: 'user', content: 'Hi' }] }), call()));
  assert.is(error.code, 'rate_limit');
  assert.ok(error.retryable);
  assert.is(error.retryAfterMs, 2000);
  assert.is(error.message, 'Too many requests, slow down.');
});

test('500: a retryable server error; in a stream it fails before output', async () => {
  fake.enqueue({ type: 'http-error', status: 500, message: 'internal server error' });
  fake.enqueue({ type: 'http-error', status: 500, message: 'internal server error' });
  const error = await expectError(client.chat(chat({ messages: [{ role: 'user', content: 'Hi' }] }), call()));
  assert.is(error.code, 'server');
  assert.ok(error.retryable);
  const streamed = await expectError(collect(client.chatStream(chat({ messages: [{ role: 'user', content: 'Hi' }] }), call())));
  assert.is(streamed.code, 'server');
  assert.is(streamed.phase, 'before-output');
});

test('498 invalid token is an authentication error', async () => {
  fake.enqueue({ type: 'http-error', status: 498, message: 'invalid token' });
  const error = await expectError(client.chat(chat({ messages: [{ role: 'user', content: 'Hi' }] }), call()));
  assert.is(error.code, 'authentication');
});

test('stream error event before any output: phase before-output, nothing yielded', async () => {
  fake.enqueue({ type: 'stream-error', textBefore: '', message: 'internal server error' });
  const chunks: ChatCompletionChunk[] = [];
  const error = await expectError(collect(client.chatStream(chat({ messages: [{ role: 'user', content: 'Hi' }] }), call()), chunks));
  assert.is(chunks.length, 0);
  assert.is(error.phase, 'before-output');
  assert.is(error.code, 'server');
  assert.is(error.message, 'internal server error');
});

test('stream error event after output: phase mid-stream, the text before it was relayed', async () => {
  fake.enqueue({ type: 'stream-error', textBefore: 'Half an ans', message: 'internal server error' });
  const chunks: ChatCompletionChunk[] = [];
  const error = await expectError(collect(client.chatStream(chat({ messages: [{ role: 'user', content: 'Hi' }] }), call()), chunks));
  assert.is(streamedText(chunks), 'Half an ans');
  assert.is(error.phase, 'mid-stream');
});

test('abort: the fake sees the client close; the plugin throws aborted', async () => {
  fake.enqueue({ type: 'hang' });
  const controller = new AbortController();
  const pending = collect(client.chatStream(chat({ messages: [{ role: 'user', content: 'Hi' }] }), call(controller.signal)));
  await fake.waitForRequests(1);
  controller.abort();
  const error = await expectError(pending);
  assert.is(error.code, 'aborted');
  await fake.clientClosed();
});

test('abort of a non-stream call', async () => {
  fake.enqueue({ type: 'hang' });
  const controller = new AbortController();
  const pending = client.chat(chat({ messages: [{ role: 'user', content: 'Hi' }] }), call(controller.signal));
  await fake.waitForRequests(1);
  controller.abort();
  assert.is((await expectError(pending)).code, 'aborted');
  await fake.clientClosed();
});

test.run();
