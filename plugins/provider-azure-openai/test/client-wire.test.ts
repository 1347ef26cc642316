/**
 * The plugin against Azure OpenAI streams the scripted messages never hold: streams cut short
 * before their finish reason (with or without `data: [DONE]`), and the asynchronous content
 * filter's annotation chunks after it.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ChatCompletionRequest } from '@conduit/plugin-api';
import {
  collectStream as collect,
  expectProviderError as rejection,
  startPluginHarness,
  testCallOptions as call,
} from '@conduit/plugin-api/conformance';
import { azureProvider as plugin } from '../src/index.ts';
import { annotationChunk } from './fake/azure-reply-bodies.ts';
import { startAzureOpenAIFakeUpstream } from './fake-azure-openai-upstream.ts';

const harness = await startPluginHarness(plugin, startAzureOpenAIFakeUpstream);
const { fake, client } = harness;
test.after(harness.close);

const ask = (): ChatCompletionRequest => ({ model: 'gpt-4o-prod', messages: [{ role: 'user', content: 'Hello' }] });
const filter = { hate: { filtered: false, severity: 'safe' }, self_harm: { filtered: false, severity: 'safe' }, sexual: { filtered: false, severity: 'safe' }, violence: { filtered: false, severity: 'safe' } };
const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({
  choices: [{ content_filter_results: filter, delta, finish_reason: finish, index: 0, logprobs: null }],
  created: 1733000000,
  id: 'chatcmpl-AzureWire0123456789abcdefghi',
  model: 'gpt-4o-2024-08-06',
  object: 'chat.completion.chunk',
  system_fingerprint: 'fp_04751d0b65',
  usage: null,
});
const completionChunk = (text: string, finish: string | null = null) => ({
  choices: [{ content_filter_results: filter, finish_reason: finish, index: 0, logprobs: null, text }],
  created: 1733000000,
  id: 'cmpl-AzureWire0123456789abcdefghi',
  model: 'gpt-35-turbo-instruct',
  object: 'text_completion',
});

async function textUntilFailure(stream: AsyncIterable<{ choices: Array<{ delta?: { content?: string | null }; text?: string }> }>) {
  const seen: string[] = [];
  const error = await rejection(
    (async () => {
      for await (const item of stream) seen.push(item.choices[0]?.delta?.content ?? item.choices[0]?.text ?? '');
    })(),
  );
  return { seen: seen.join(''), error };
}

test('a chat stream cut after some text, without finish_reason or [DONE], fails mid-stream', async () => {
  fake.enqueue({ type: 'events', events: [annotationChunk(), chunk({ content: '', refusal: null, role: 'assistant' }), chunk({ content: 'The answer' })], done: false });
  const { seen, error } = await textUntilFailure(client.chatStream(ask(), call()));
  assert.is(seen, 'The answer');
  assert.equal([error.code, error.phase, error.retryable], ['connection', 'mid-stream', true]);
  assert.match(error.message, /finish_reason/);
});

test('a chat stream with [DONE] but no finish_reason was cut short too', async () => {
  fake.enqueue({ type: 'events', events: [annotationChunk(), chunk({ content: 'Half', role: 'assistant' })], done: true });
  const { error } = await textUntilFailure(client.chatStream(ask(), call()));
  assert.equal([error.code, error.phase], ['connection', 'mid-stream']);
});

test('a chat stream of only the prompt filter annotation fails before output', async () => {
  fake.enqueue({ type: 'events', events: [annotationChunk()], done: false });
  const error = await rejection(collect(client.chatStream(ask(), call())));
  assert.equal([error.code, error.phase], ['connection', 'before-output']);
});

test('asynchronous filter annotations after the finish chunk are dropped and the stream is complete', async () => {
  fake.enqueue({
    type: 'events',
    done: true,
    events: [
      annotationChunk(),
      chunk({ content: '', refusal: null, role: 'assistant' }),
      chunk({ content: 'Done.' }),
      chunk({}, 'stop'),
      { ...chunk({}), choices: [{ content_filter_offsets: { check_offset: 0, start_offset: 0, end_offset: 5 }, content_filter_results: filter, delta: {}, finish_reason: null, index: 0 }] },
    ],
  });
  const chunks = await collect(client.chatStream(ask(), call()));
  assert.is(chunks.map((item) => item.choices[0]?.delta.content ?? '').join(''), 'Done.');
  assert.is(chunks.at(-1)?.choices[0]?.finish_reason, 'stop');
});

test('a completions stream cut before its finish_reason fails mid-stream', async () => {
  fake.enqueue({ type: 'events', events: [annotationChunk(), completionChunk('Once upon'), completionChunk(' a time')], done: false });
  const { seen, error } = await textUntilFailure(client.completionsStream!({ model: 'gpt-35-turbo-instruct', prompt: 'Tell' }, call()));
  assert.is(seen, 'Once upon a time');
  assert.equal([error.code, error.phase], ['connection', 'mid-stream']);
});

test('a content filter error event after output (default streaming mode) is content_filter, mid-stream', async () => {
  fake.enqueue({
    type: 'events',
    done: false,
    events: [
      annotationChunk(),
      chunk({ content: '', refusal: null, role: 'assistant' }),
      chunk({ content: 'Here is how' }),
      {
        error: {
          message: "The response was filtered due to the prompt triggering Azure OpenAI's content management policy.",
          type: null,
          param: 'prompt',
          code: 'content_filter',
          status: 400,
          innererror: { code: 'ResponsibleAIPolicyViolation', content_filter_result: { violence: { filtered: true, severity: 'high' } } },
        },
      },
    ],
  });
  const { seen, error } = await textUntilFailure(client.chatStream(ask(), call()));
  assert.is(seen, 'Here is how');
  assert.equal([error.code, error.phase, error.providerCode], ['content_filter', 'mid-stream', 'content_filter']);
});

test.run();
