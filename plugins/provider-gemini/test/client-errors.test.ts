/**
 * The plugin against the fake Gemini upstream: HTTP errors, in-stream errors and their phase, aborts.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ChatCompletionChunk } from '@conduit/plugin-api';
import { malformedFunctionCallResponse, streamEvents } from './fake/gemini-reply-bodies.ts';
import { call, chat, collect, providerError, streamedText, startHarness } from './plugin-harness.ts';

const harness = await startHarness();
const { fake, client } = harness;
test.after(() => harness.close());
test.before.each(() => fake.reset());

test('401 UNAUTHENTICATED -> authentication, not retryable', async () => {
  fake.enqueue({ type: 'http-error', status: 401, message: 'Request had invalid authentication credentials.' });
  const error = await providerError(client.chat(chat(), call()));
  assert.is(error.code, 'authentication');
  assert.is(error.status, 401);
  assert.is(error.retryable, false);
});

test("a wrong key (Google's 400 API_KEY_INVALID) and a missing key (403) are authentication errors, without the key", async () => {
  const wrong = await providerError(harness.clientWith({ credentials: { apiKey: 'AIzaSy-not-the-right-one' } }).chat(chat(), call()));
  assert.is(wrong.code, 'authentication');
  assert.is(wrong.status, 400);
  assert.not.match(wrong.message, 'AIzaSy-not-the-right-one');
  const missing = await providerError(harness.clientWith({ credentials: {} }).chat(chat(), call()));
  assert.is(missing.code, 'authentication');
  assert.is(missing.status, 403);
});

test('429 with Retry-After/RetryInfo -> rate_limit, retryable, retryAfterMs set', async () => {
  fake.enqueue({ type: 'http-error', status: 429, message: 'Resource has been exhausted (e.g. check quota).', retryAfterSeconds: 7 });
  const error = await providerError(client.chat(chat(), call()));
  assert.is(error.code, 'rate_limit');
  assert.is(error.retryable, true);
  assert.is(error.retryAfterMs, 7000);
  assert.is(error.message, 'Resource has been exhausted (e.g. check quota).');
});

test('500 INTERNAL -> server, retryable; 503 before a stream -> overloaded, before-output', async () => {
  fake.enqueue({ type: 'http-error', status: 500, message: 'An internal error has occurred.' });
  const server = await providerError(client.chat(chat(), call()));
  assert.is(server.code, 'server');
  assert.is(server.retryable, true);
  fake.enqueue({ type: 'http-error', status: 503, message: 'The model is overloaded. Please try again later.' });
  const overloaded = await providerError(collect(client.chatStream(chat(), call())));
  assert.is(overloaded.code, 'overloaded');
  assert.is(overloaded.phase, 'before-output');
});

test('an error event before any output -> phase before-output', async () => {
  fake.enqueue({ type: 'stream-error', textBefore: '', message: 'An internal error has occurred.' });
  const chunks: ChatCompletionChunk[] = [];
  const error = await providerError(collect(client.chatStream(chat(), call()), chunks));
  assert.is(chunks.length, 0);
  assert.is(error.code, 'server');
  assert.is(error.phase, 'before-output');
  assert.is(error.message, 'An internal error has occurred.');
});

test('an error event after output -> phase mid-stream, the text before it delivered', async () => {
  fake.enqueue({ type: 'stream-error', textBefore: 'Partial answer', message: 'An internal error has occurred.' });
  const chunks: ChatCompletionChunk[] = [];
  const error = await providerError(collect(client.chatStream(chat(), call()), chunks));
  assert.is(streamedText(chunks), 'Partial answer');
  assert.is(error.phase, 'mid-stream');
});

test('a stream whose body ends before the event with finishReason -> connection error mid-stream, not a finished answer', async () => {
  const whole = streamEvents({ type: 'message', text: 'The answer is forty-two.', finish: 'stop', usage: { input: 5, output: 6 }, pieces: 3 }, 'gemini-2.5-flash');
  fake.enqueue({ type: 'gemini', events: whole.slice(0, -1) });
  const chunks: ChatCompletionChunk[] = [];
  const error = await providerError(collect(client.chatStream(chat(), call()), chunks));
  assert.is(error.code, 'connection');
  assert.is(error.phase, 'mid-stream');
  assert.ok(streamedText(chunks).length > 0);
  assert.ok(chunks.every((chunk) => chunk.choices.every((choice) => choice.finish_reason === null)));
});

test('MALFORMED_FUNCTION_CALL is a retryable server error, in chat and before output in a stream', async () => {
  fake.enqueue({ type: 'gemini', body: malformedFunctionCallResponse('gemini-2.5-flash') });
  const answered = await providerError(client.chat(chat(), call()));
  assert.is(answered.code, 'server');
  assert.is(answered.retryable, true);
  assert.is(answered.providerCode, 'MALFORMED_FUNCTION_CALL');
  assert.match(answered.message, 'invalid function call');

  fake.enqueue({ type: 'gemini', events: [malformedFunctionCallResponse('gemini-2.5-flash')] });
  const chunks: ChatCompletionChunk[] = [];
  const streamed = await providerError(collect(client.chatStream(chat(), call()), chunks));
  assert.is(chunks.length, 0);
  assert.is(streamed.code, 'server');
  assert.is(streamed.phase, 'before-output');
});

test('abort: the fake sees the client close and the plugin throws aborted', async () => {
  fake.enqueue({ type: 'hang' });
  const controller = new AbortController();
  const pending = providerError(client.chat(chat(), call(controller.signal)));
  await fake.waitForRequests(1);
  controller.abort();
  const error = await pending;
  assert.is(error.code, 'aborted');
  await fake.clientClosed();
});

test('abort of a stream while waiting for the first byte -> aborted', async () => {
  fake.enqueue({ type: 'hang' });
  const controller = new AbortController();
  const pending = providerError(collect(client.chatStream(chat(), call(controller.signal))));
  await fake.waitForRequests(1);
  controller.abort();
  assert.is((await pending).code, 'aborted');
  await fake.clientClosed();
});

test.run();
