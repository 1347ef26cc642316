/**
 * The plugin against the fake when things go wrong: HTTP errors, error events inside a stream
 * (before and after output), aborts, and requests refused before any HTTP call.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ChatCompletionRequest } from '@conduit/plugin-api';
import { startAnthropicFakeUpstream } from './fake-anthropic-upstream.ts';
import { call, clientFor, collectFailure, http, rejection, text, until, within } from './client-helpers.ts';

const fake = await startAnthropicFakeUpstream();
const client = clientFor(fake);
const ask = (request: Partial<ChatCompletionRequest> = {}): ChatCompletionRequest => ({
  model: 'claude-sonnet-5-5',
  messages: [{ role: 'user', content: 'Hello' }],
  ...request,
});

test.after(async () => {
  await fake.close();
  await http.close();
});

test('401: a wrong key is an authentication error that does not leak the key', async () => {
  const wrongKey = 'sk-ant-api03-definitely-wrong';
  const error = await rejection(clientFor(fake, { credentials: { apiKey: wrongKey } }).chat(ask(), call()));
  assert.is(error.code, 'authentication');
  assert.is(error.status, 401);
  assert.not.ok(error.retryable);
  assert.is(error.providerCode, 'authentication_error');
  assert.is(error.message, 'invalid x-api-key');
  assert.not.ok(error.message.includes(wrongKey));
});

test('429 with Retry-After: rate_limit, retryable, retryAfterMs set', async () => {
  fake.enqueue({ type: 'http-error', status: 429, message: 'Number of request tokens has exceeded your per-minute rate limit', retryAfterSeconds: 7 });
  const error = await rejection(client.chat(ask(), call()));
  assert.is(error.code, 'rate_limit');
  assert.is(error.status, 429);
  assert.ok(error.retryable);
  assert.is(error.retryAfterMs, 7000);
  assert.match(error.message, /per-minute rate limit/);
});

test('500: a retryable server error', async () => {
  fake.enqueue({ type: 'http-error', status: 500, message: 'Internal server error' });
  const error = await rejection(client.chat(ask(), call()));
  assert.is(error.code, 'server');
  assert.is(error.status, 500);
  assert.ok(error.retryable);
  assert.is(error.providerCode, 'api_error');
});

test('529: overloaded, retryable', async () => {
  fake.enqueue({ type: 'http-error', status: 529, message: 'Overloaded' });
  const error = await rejection(client.chat(ask(), call()));
  assert.is(error.code, 'overloaded');
  assert.ok(error.retryable);
});

test('400 prompt is too long: context_length', async () => {
  fake.enqueue({ type: 'http-error', status: 400, message: 'prompt is too long: 208310 tokens > 200000 maximum' });
  const error = await rejection(client.chat(ask(), call()));
  assert.is(error.code, 'context_length');
  assert.not.ok(error.retryable);
});

test('an HTTP error on a stream request fails before output', async () => {
  fake.enqueue({ type: 'http-error', status: 429, message: 'Rate limited', retryAfterSeconds: 3 });
  const { chunks, error } = await collectFailure(client.chatStream(ask(), call()));
  assert.equal(chunks, []);
  assert.is(error.code, 'rate_limit');
  assert.is(error.phase, 'before-output');
  assert.is(error.retryAfterMs, 3000);
});

test('an error event before any output fails the stream with phase before-output', async () => {
  fake.enqueue({ type: 'stream-error', textBefore: '', message: 'Overloaded' });
  const { chunks, error } = await collectFailure(client.chatStream(ask(), call()));
  assert.equal(chunks, []);
  assert.is(error.code, 'overloaded');
  assert.is(error.phase, 'before-output');
  assert.is(error.message, 'Overloaded');
});

test('an error event after output fails the stream with phase mid-stream', async () => {
  fake.enqueue({ type: 'stream-error', textBefore: 'The answer is', message: 'Overloaded' });
  const { chunks, error } = await collectFailure(client.chatStream(ask(), call()));
  assert.is(text(chunks), 'The answer is');
  assert.is(error.code, 'overloaded');
  assert.is(error.phase, 'mid-stream');
});

test('abort: the fake sees the client close and chat throws aborted', async () => {
  fake.enqueue({ type: 'hang' });
  const before = fake.requests().length;
  const controller = new AbortController();
  const pending = client.chat(ask(), call(controller.signal));
  await until(() => fake.requests().length > before, 'the fake to receive the request');
  controller.abort();
  const error = await rejection(pending);
  assert.is(error.code, 'aborted');
  assert.not.ok(error.retryable);
  await within(fake.clientClosed(), 'the fake to see the client close');
});

test('abort of a stream: the fake sees the client close and the stream throws aborted', async () => {
  fake.enqueue({ type: 'hang' });
  const before = fake.requests().length;
  const controller = new AbortController();
  const pending = collectFailure(client.chatStream(ask(), call(controller.signal)));
  await until(() => fake.requests().length > before, 'the fake to receive the request');
  controller.abort();
  const { chunks, error } = await pending;
  assert.equal(chunks, []);
  assert.is(error.code, 'aborted');
  assert.is(error.phase, 'before-output');
  await within(fake.clientClosed(), 'the fake to see the client close');
});

test('an unsupported request fails before any HTTP call', async () => {
  const before = fake.requests().length;
  const error = await rejection(client.chat(ask({ n: 3 }), call()));
  assert.is(error.code, 'unsupported');
  const streamFailure = await collectFailure(client.chatStream(ask({ n: 3 }), call()));
  assert.is(streamFailure.error.code, 'unsupported');
  assert.is(streamFailure.error.phase, 'before-output');
  assert.is(fake.requests().length, before);
});

test.run();
