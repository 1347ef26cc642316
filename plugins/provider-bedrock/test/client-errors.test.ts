/** The plugin against the fake Bedrock runtime: authentication, errors, stream exceptions, abort. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHttpClient } from '@conduit/plugin-api';
import { fakeBedrockApiKey, fakeBedrockCredentials, startBedrockFakeUpstream } from './fake-bedrock-upstream.ts';
import { ask, call, clientFor as clientForFake, collect, rejection } from './test-client.ts';

const fake = await startBedrockFakeUpstream();
const http = createHttpClient();
const client = clientForFake(fake, http);
const clientFor = (credentials: Record<string, string>) => clientForFake(fake, http, credentials);

test.after(async () => {
  await fake.close();
  await http.close();
});

test('a Bedrock API key is sent as a bearer token', async () => {
  await clientFor({ apiKey: fakeBedrockApiKey }).chat(ask(), call());
  assert.is(fake.lastRequest().headers.authorization, `Bearer ${fakeBedrockApiKey}`);
});

test('a wrong secret, an unknown key and a wrong API key are authentication errors', async () => {
  const badSecret = await rejection(clientFor({ ...fakeBedrockCredentials, secretAccessKey: 'sk-wrong-secret-zq9' }).chat(ask(), call()));
  assert.is(badSecret.code, 'authentication');
  assert.is(badSecret.status, 403);
  assert.is(badSecret.providerCode, 'InvalidSignatureException');
  assert.not.match(badSecret.message, /zq9/);
  const unknown = await rejection(clientFor({ accessKeyId: 'AKIAUNKNOWN000000000', secretAccessKey: 'x' }).chat(ask(), call()));
  assert.is(unknown.code, 'authentication');
  assert.is(unknown.providerCode, 'UnrecognizedClientException');
  const badKey = await rejection(clientFor({ apiKey: 'ABSKwrong' }).chat(ask(), call()));
  assert.is(badKey.code, 'authentication');
  const none = await rejection(clientFor({}).chat(ask(), call()));
  assert.is(none.code, 'authentication');
});

test('a ThrottlingException 429 is a retryable rate limit with retryAfterMs', async () => {
  fake.enqueue({ type: 'http-error', status: 429, message: 'Too many requests, please wait before trying again.', retryAfterSeconds: 7 });
  const error = await rejection(client.chat(ask(), call()));
  assert.is(error.code, 'rate_limit');
  assert.is(error.providerCode, 'ThrottlingException');
  assert.ok(error.retryable);
  assert.is(error.retryAfterMs, 7000);
});

test('a 500 is a retryable server error, a 503 overloaded', async () => {
  fake.enqueue({ type: 'http-error', status: 500, message: 'The server encountered an internal error.' });
  const server = await rejection(client.chat(ask(), call()));
  assert.equal([server.code, server.retryable, server.providerCode], ['server', true, 'InternalServerException']);
  fake.enqueue({ type: 'http-error', status: 503, message: 'The service is unavailable.' });
  const unavailable = await rejection(client.chat(ask(), call()));
  assert.equal([unavailable.code, unavailable.retryable], ['overloaded', true]);
});

test('ValidationException about input length is context_length; others bad_request', async () => {
  fake.enqueue({ type: 'aws-error', status: 400, errorType: 'ValidationException', message: 'Input is too long for requested model.' });
  assert.is((await rejection(client.chat(ask(), call()))).code, 'context_length');
  fake.enqueue({ type: 'aws-error', status: 400, errorType: 'ValidationException', message: 'The model returned the following errors: temperature: range: 0..1' });
  const error = await rejection(client.chat(ask(), call()));
  assert.equal([error.code, error.retryable], ['bad_request', false]);
});

test('the fake’s own validation (alternating roles) reaches the caller as bad_request', async () => {
  const error = await rejection(client.chat(ask({ messages: [{ role: 'assistant', content: 'I start' }] }), call()));
  assert.is(error.code, 'bad_request');
  assert.match(error.message, /must start with a user message/);
});

test('ModelNotReadyException is overloaded and ModelTimeoutException timeout, both retryable', async () => {
  fake.enqueue({ type: 'aws-error', status: 429, errorType: 'ModelNotReadyException', message: 'Model is not ready to serve inference requests.' });
  assert.equal([(await rejection(client.chat(ask(), call()))).code], ['overloaded']);
  fake.enqueue({ type: 'aws-error', status: 408, errorType: 'ModelTimeoutException', message: 'Model has timed out in processing the request.' });
  const timeout = await rejection(client.chat(ask(), call()));
  assert.equal([timeout.code, timeout.retryable], ['timeout', true]);
});

test('an exception event before any output is before-output', async () => {
  fake.enqueue({ type: 'stream-error', textBefore: '', message: 'The server encountered an internal error.' });
  const error = await rejection(collect(client.chatStream(ask(), call())));
  assert.is(error.phase, 'before-output');
  assert.is(error.code, 'server');
  assert.is(error.providerCode, 'InternalServerException');
});

test('an exception event after output is mid-stream, keeping its type', async () => {
  fake.enqueue({ type: 'stream-exception', exceptionType: 'throttlingException', message: 'Too many tokens, please wait.', textBefore: 'Once upon' });
  const seen: string[] = [];
  const error = await rejection(
    (async () => {
      for await (const chunk of client.chatStream(ask(), call())) seen.push(chunk.choices[0]?.delta.content ?? '');
    })(),
  );
  assert.equal(seen.filter(Boolean), ['Once upon']);
  assert.equal([error.phase, error.code, error.providerCode], ['mid-stream', 'rate_limit', 'ThrottlingException']);
});

test('aborting closes the upstream request and throws aborted', async () => {
  fake.enqueue({ type: 'hang' });
  const controller = new AbortController();
  const before = fake.requests().length;
  const pending = rejection(collect(client.chatStream(ask(), call(controller.signal))));
  while (fake.requests().length === before) await new Promise((resolve) => setImmediate(resolve));
  controller.abort();
  assert.is((await pending).code, 'aborted');
  await fake.clientClosed();
});

test('temporary credentials send the session token, which the fake then requires', async () => {
  const temporary = await startBedrockFakeUpstream({ sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLETOKEN' });
  await clientForFake(temporary, http).chat(ask(), call());
  assert.is(temporary.lastRequest().headers['x-amz-security-token'], 'IQoJb3JpZ2luX2VjEXAMPLETOKEN');
  const { sessionToken: _dropped, ...withoutToken } = temporary.provider.credentials;
  const refused = await rejection(clientForFake(temporary, http, withoutToken).chat(ask(), call()));
  assert.is(refused.code, 'authentication');
  await temporary.close();
});

test.run();
