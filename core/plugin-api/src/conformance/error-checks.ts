/**
 * Errors: HTTP statuses become typed ProviderErrors the router can act on, and stream errors carry
 * the phase that decides whether another deployment may still take over.
 */
import * as assert from 'uvu/assert';
import type { ChatCompletionChunk } from '../openai/index.ts';
import type { ConformanceCheck, ConformanceScenario } from './conformance-check.ts';
import { assertNoSecretIn } from './assert-no-secret-in.ts';
import { collectStream } from './testing/collect-stream.ts';
import { expectProviderError } from './testing/expect-provider-error.ts';
import { streamedText } from './testing/streamed-text.ts';

const hello = [{ role: 'user' as const, content: 'Hello' }];

function chatOnce({ client, call, chatRequest }: ConformanceScenario): Promise<unknown> {
  return client.chat(chatRequest({ messages: hello }), call());
}

function streamOnce({ client, call, chatRequest }: ConformanceScenario, chunks: ChatCompletionChunk[]): Promise<unknown> {
  return collectStream(client.chatStream(chatRequest({ messages: hello, stream: true }), call()), chunks);
}

export const errorChecks: ConformanceCheck[] = [
  {
    name: 'errors: 401 is authentication, not retryable',
    requires: ['chat'],
    async run(scenario) {
      scenario.fake.enqueue({ type: 'http-error', status: 401, message: 'Invalid API key' });
      const error = await expectProviderError(chatOnce(scenario), 'a 401');
      assert.is(error.code, 'authentication');
      assert.is(error.retryable, false);
      assert.is(error.status, 401);
      assert.is(error.phase, 'before-output');
      assert.ok(error.message.length > 0, 'the error has a message');
      assertNoSecretIn(error.message, scenario.credentials);
    },
  },
  {
    name: 'errors: 429 with Retry-After is rate_limit, retryable, with retryAfterMs',
    requires: ['chat'],
    async run(scenario) {
      scenario.fake.enqueue({ type: 'http-error', status: 429, message: 'Rate limit exceeded', retryAfterSeconds: 3 });
      const error = await expectProviderError(chatOnce(scenario), 'a 429');
      assert.is(error.code, 'rate_limit');
      assert.is(error.retryable, true);
      assert.is(error.retryAfterMs, 3000);
      assert.is(error.status, 429);
    },
  },
  {
    name: 'errors: 500 is retryable',
    requires: ['chat'],
    async run(scenario) {
      scenario.fake.enqueue({ type: 'http-error', status: 500, message: 'Internal failure' });
      const error = await expectProviderError(chatOnce(scenario), 'a 500');
      assert.ok(['server', 'overloaded'].includes(error.code), `code is server or overloaded (got ${error.code})`);
      assert.is(error.retryable, true);
      assert.is(error.status, 500);
    },
  },
  {
    name: 'errors: 400 is not retryable',
    requires: ['chat'],
    async run(scenario) {
      scenario.fake.enqueue({ type: 'http-error', status: 400, message: 'Invalid value for temperature' });
      const error = await expectProviderError(chatOnce(scenario), 'a 400');
      assert.ok(['bad_request', 'context_length', 'unsupported'].includes(error.code), `a client error code (got ${error.code})`);
      assert.is(error.retryable, false);
    },
  },
  {
    name: 'errors: HTTP error on a stream is thrown before output',
    requires: ['chat', 'stream'],
    async run(scenario) {
      scenario.fake.enqueue({ type: 'http-error', status: 429, message: 'Rate limit exceeded', retryAfterSeconds: 2 });
      const chunks: ChatCompletionChunk[] = [];
      const error = await expectProviderError(streamOnce(scenario, chunks), 'a 429 on a stream');
      assert.is(chunks.length, 0, 'no chunk was yielded');
      assert.is(error.code, 'rate_limit');
      assert.is(error.retryAfterMs, 2000);
      assert.is(error.phase, 'before-output');
    },
  },
  {
    name: 'errors: in-stream error before output has phase before-output',
    requires: ['chat', 'stream'],
    async run(scenario) {
      scenario.fake.enqueue({ type: 'stream-error', textBefore: '', message: 'The model is overloaded' });
      const chunks: ChatCompletionChunk[] = [];
      const error = await expectProviderError(streamOnce(scenario, chunks), 'an in-stream error before output');
      assert.is(chunks.length, 0, 'no chunk was yielded before the error');
      assert.is(error.phase, 'before-output');
    },
  },
  {
    name: 'errors: in-stream error after output has phase mid-stream',
    requires: ['chat', 'stream'],
    async run(scenario) {
      scenario.fake.enqueue({ type: 'stream-error', textBefore: 'The answer is', message: 'The model crashed' });
      const chunks: ChatCompletionChunk[] = [];
      const error = await expectProviderError(streamOnce(scenario, chunks), 'an in-stream error after output');
      assert.is(streamedText(chunks), 'The answer is', 'the text before the error was relayed');
      assert.is(error.phase, 'mid-stream');
    },
  },
];
