/**
 * Mistral's error bodies, read directly and through the client (whose HTTP is a stub answering
 * with the recorded body), so the OpenAI-compatible error path is covered end to end.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ProviderError, silentLogger, type HttpClient, type HttpResponse } from '@conduit/plugin-api';
import { readMistralErrorBody } from '../src/read-mistral-error-body.ts';
import plugin from '../src/index.ts';
import { readFixture } from './read-fixture.ts';

interface ErrorFixture {
  status: number;
  body: string;
  code: string;
  message?: string;
  param?: string;
  providerCode?: string;
}

function answering(status: number, body: string, headers: Record<string, string> = {}): HttpClient {
  return {
    async request(): Promise<HttpResponse> {
      const bytes = new TextEncoder().encode(body);
      return {
        status,
        headers,
        body: (async function* () {
          yield bytes;
        })(),
        text: async () => body,
        json: async <T>() => JSON.parse(body) as T,
        bytes: async () => bytes,
        discard: async () => undefined,
      };
    },
  };
}

function clientFor(http: HttpClient) {
  return plugin.create({
    provider: { id: 'p', name: 'mistral', type: 'mistral' },
    baseUrl: 'http://mistral.invalid/v1',
    credentials: { apiKey: 'secret-key-123456' },
    options: {},
    pluginOptions: {},
    http,
    logger: silentLogger,
  });
}

for (const fixture of readFixture<ErrorFixture[]>('error-bodies.json')) {
  test(`HTTP ${fixture.status} ${fixture.body.slice(0, 48)}… maps to ${fixture.code}`, async () => {
    const client = clientFor(answering(fixture.status, fixture.body));
    try {
      await client.chat({ model: 'mistral-small-latest', messages: [{ role: 'user', content: 'Hi' }] }, { signal: new AbortController().signal, requestId: 'r' });
      assert.unreachable('should throw');
    } catch (error) {
      assert.ok(ProviderError.isInstance(error));
      const typed = error as ProviderError;
      assert.is(typed.code, fixture.code);
      assert.is(typed.status, fixture.status);
      assert.ok(typed.message.length > 0);
      if (fixture.message) assert.is(typed.message, fixture.message);
      if (fixture.param) assert.is(typed.param, fixture.param);
      if (fixture.providerCode) assert.is(typed.providerCode, fixture.providerCode);
    }
  });
}

test('429 Retry-After reaches retryAfterMs through the wrapped client', async () => {
  const client = clientFor(answering(429, '{"message":"Requests rate limit exceeded"}', { 'retry-after': '5' }));
  try {
    await client.chat({ model: 'mistral-small-latest', messages: [{ role: 'user', content: 'Hi' }] }, { signal: new AbortController().signal, requestId: 'r' });
    assert.unreachable('should throw');
  } catch (error) {
    assert.is((error as ProviderError).retryAfterMs, 5000);
    assert.ok((error as ProviderError).retryable);
  }
});

test('readMistralErrorBody: OpenAI-shaped bodies from proxies are read too', () => {
  assert.equal(readMistralErrorBody('{"error":{"message":"Bad","type":"invalid_request_error","param":"model"}}'), {
    message: 'Bad',
    providerCode: 'invalid_request_error',
    param: 'model',
  });
});

test('readMistralErrorBody: an empty body gives no message', () => {
  assert.equal(readMistralErrorBody(''), {});
});

test.run();
