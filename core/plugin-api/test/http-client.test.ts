import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpClient, networkError } from '../src/http-client.ts';
import { ProviderError } from '../src/provider-error.ts';
import { startOpenAIFakeUpstream, type OpenAIFakeUpstream } from '../../../plugins/provider-openai/test/fake-openai-upstream.ts';

let fake: OpenAIFakeUpstream;
const http = createHttpClient();

test.before(async () => {
  fake = await startOpenAIFakeUpstream();
});
test.before.each(() => fake.reset());
test.after(async () => {
  await fake.close();
  await http.close();
});

const chatBody = JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], stream: true });
const post = (signal?: AbortSignal, timeouts?: { firstByteMs?: number; idleMs?: number }) =>
  http.request({
    method: 'POST',
    url: `${fake.provider.baseUrl}/chat/completions`,
    headers: { authorization: `Bearer ${fake.apiKey}`, 'content-type': 'application/json' },
    body: chatBody,
    signal,
    timeouts,
  });

async function rejection(work: Promise<unknown>): Promise<ProviderError> {
  try {
    await work;
  } catch (error) {
    assert.ok(ProviderError.isInstance(error), `expected a ProviderError, got ${String(error)}`);
    return error as ProviderError;
  }
  throw new Error('expected the call to fail');
}

test('a refused connection is a retryable connection error', async () => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  const error = await rejection(http.request({ url: `http://127.0.0.1:${port}/v1/models` }));
  assert.equal([error.code, error.retryable], ['connection', true]);
  assert.match(error.message, /ECONNREFUSED/);
});

test('no headers within firstByteMs is a timeout', async () => {
  fake.setDelay(2000);
  const error = await rejection(post(undefined, { firstByteMs: 50 }));
  assert.equal([error.code, error.retryable], ['timeout', true]);
  assert.match(error.message, /first byte/);
});

test('a body that stalls longer than idleMs is a timeout while reading', async () => {
  fake.enqueue({ type: 'stream-hang', textBefore: 'started' });
  const response = await post(undefined, { idleMs: 100 });
  assert.is(response.status, 200);
  const error = await rejection(response.text());
  assert.equal([error.code, error.retryable], ['timeout', true]);
});

test('aborting before the answer is an aborted error, not retryable', async () => {
  fake.enqueue({ type: 'hang' });
  const controller = new AbortController();
  const pending = post(controller.signal);
  await fake.waitForRequests(1);
  controller.abort();
  const error = await rejection(pending);
  assert.equal([error.code, error.retryable], ['aborted', false]);
  await fake.clientClosed();
});

test('the response exposes status, headers and the body readers', async () => {
  const response = await http.request({ url: `${fake.provider.baseUrl}/models`, headers: { authorization: `Bearer ${fake.apiKey}` } });
  assert.is(response.status, 200);
  assert.match(String(response.headers['x-request-id']), /^req_/);
  const list = await response.json<{ object: string }>();
  assert.is(list.object, 'list');
});

test('networkError keeps a ProviderError and maps undici codes', () => {
  const original = new ProviderError({ code: 'server', message: 'x' });
  assert.is(networkError(original), original);
  assert.is(networkError(Object.assign(new Error('t'), { code: 'UND_ERR_BODY_TIMEOUT' })).code, 'timeout');
  assert.is(networkError(Object.assign(new Error('t'), { name: 'AbortError' })).code, 'aborted');
  assert.is(networkError(new Error('socket hang up')).code, 'connection');
});

test.run();
