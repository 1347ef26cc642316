/**
 * The plugin contract through a real gateway: a provider that uses none of the plugin API's
 * internals (plain chunks, `signal` alone) serves answers and streams and is cancelled when the
 * client goes away; an audio-only type is a valid Provider type; GraphQL lists every kind.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type OpenAI from 'openai';
import { observed } from '../fixtures/signal-only-provider.ts';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';
import { makeTempDir } from '../../../../test/support/make-temp-dir.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
let harness: TestGateway;
let client: OpenAI;

test.before(async () => {
  try {
    const pluginsFile = path.join(makeTempDir('plugins'), 'plugins.json');
    writeFileSync(
      pluginsFile,
      JSON.stringify({
        plugins: [
          { module: path.join(here, '../fixtures/signal-only-provider.ts') },
          { module: path.join(here, '../fixtures/speech-only-audio.ts') },
          { module: path.join(here, '../fixtures/routing-last-first.ts') },
        ],
      }),
    );
    harness = await startTestGateway({ env: { CONDUIT_PLUGINS: pluginsFile } });
    const provider = await harness.createProvider({ name: 'plain', type: 'signal-only' });
    await harness.createDeployment({ modelName: 'plain', providerId: provider, providerModel: 'quick' });
    await harness.createDeployment({ modelName: 'slow', providerId: provider, providerModel: 'slow' });
    await harness.createDeployment({ modelName: 'null-chunk', providerId: provider, providerModel: 'null-chunk' });
    await harness.createDeployment({ modelName: 'null-answer', providerId: provider, providerModel: 'null-answer' });
    await harness.createDeployment({ modelName: 'string-chunk-late', providerId: provider, providerModel: 'string-chunk-late' });
    client = harness.openai((await harness.createKey()).key);
  } catch (error) {
    console.error(error);
    throw error;
  }
});

test.after(async () => {
  await harness?.close();
});

/** Fails instead of hanging when `promise` does not settle in time. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

test('a plugin built from plain objects answers through the gateway', async () => {
  const answer = await client.chat.completions.create({ model: 'plain', messages: [{ role: 'user', content: 'hi' }] });
  assert.is(answer.choices[0]?.message.content, 'echo: hi');
  assert.equal(answer.usage && [answer.usage.prompt_tokens, answer.usage.completion_tokens], [3, 2]);
});

test('its plain chunks stream through the gateway', async () => {
  const stream = await client.chat.completions.create({ model: 'plain', stream: true, messages: [{ role: 'user', content: 'there' }] });
  let text = '';
  let finish: string | null | undefined;
  for await (const chunk of stream) {
    text += chunk.choices[0]?.delta.content ?? '';
    finish = chunk.choices[0]?.finish_reason ?? finish;
  }
  assert.is(text, 'echo: there');
  assert.is(finish, 'stop');
});

test('a client that goes away aborts the plugin call through `signal` alone, answer or stream', async () => {
  for (const stream of [false, true]) {
    const controller = new AbortController();
    const waiting = observed.next('waiting');
    const aborted = observed.next('aborted');
    const request = client.chat.completions
      .create({ model: 'slow', stream, messages: [{ role: 'user', content: 'wait' }] }, { signal: controller.signal })
      .then(async (result) => {
        if (stream) for await (const _ of result as AsyncIterable<unknown>);
      })
      .catch(() => undefined);
    await within(waiting, 10_000, `the plugin waiting (stream: ${stream})`);
    controller.abort();
    assert.is(await within(aborted, 10_000, `the plugin seeing the abort (stream: ${stream})`), 'slow');
    await request;
  }
  assert.equal(observed.aborted, ['slow', 'slow']);
});

test('a chunk that is not a chunk object fails the stream as invalid_response: a 502 before output, an error event after', async () => {
  try {
    const stream = await client.chat.completions.create({ model: 'null-chunk', stream: true, messages: [{ role: 'user', content: 'x' }] });
    for await (const _ of stream);
    assert.unreachable('a null chunk must fail the request');
  } catch (error) {
    const failure = error as { status?: number; message: string };
    assert.is(failure.status, 502);
    assert.match(failure.message, /signal-only-provider|plain/);
    assert.match(failure.message, /sent a stream chunk that is not an object with a choices list/);
  }
  let text = '';
  try {
    const stream = await client.chat.completions.create({ model: 'string-chunk-late', stream: true, messages: [{ role: 'user', content: 'x' }] });
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    assert.unreachable('a string chunk must fail the stream');
  } catch (error) {
    assert.match((error as Error).message, /sent a stream chunk that is not an object with a choices list/);
  }
  assert.is(text, 'partial');
  const answer = await client.chat.completions.create({ model: 'plain', messages: [{ role: 'user', content: 'after' }] });
  assert.is(answer.choices[0]?.message.content, 'echo: after', 'the gateway carries on');
});

test('an answer that is not an answer object is a 502 naming the provider, not an internal error', async () => {
  try {
    await client.chat.completions.create({ model: 'null-answer', messages: [{ role: 'user', content: 'x' }] });
    assert.unreachable('a null answer must fail the request');
  } catch (error) {
    const failure = error as { status?: number; message: string };
    assert.is(failure.status, 502);
    assert.match(failure.message, /Provider plain answered with something that is not an object with a choices list/);
  }
});

test('a type with only an audio plugin is a valid Provider type; an unknown type lists every loaded one', async () => {
  const id = await harness.createProvider({ name: 'voices', type: 'speech-only', apiKey: 'xi-test', options: { region: 'eu' } });
  const { providers } = await harness.graphql<{ providers: Array<{ id: string; type: string; kinds: string[]; problem: string | null }> }>(
    '{ providers { id type kinds problem } }',
  );
  assert.equal(providers.find((provider) => provider.id === id), { id, type: 'speech-only', kinds: ['audio'], problem: null });
  assert.equal(providers.find((provider) => provider.type === 'signal-only')?.kinds, ['provider']);
  const refused = await harness.graphqlRaw('mutation { createProvider(input: { name: "x", type: "last-first" }) { id } }');
  assert.match(refused.body.errors?.[0]?.message ?? '', /unknown provider type 'last-first' \(loaded: signal-only, speech-only\)/);
  const badOptions = await harness.graphqlRaw('mutation { createProvider(input: { name: "y", type: "speech-only", options: { colour: "red" } }) { id } }');
  assert.ok(badOptions.body.errors?.length, 'options are checked against the audio plugin’s optionsSchema');
  // The chat path is unaffected by a provider that has no chat plugin.
  const answer = await client.chat.completions.create({ model: 'plain', messages: [{ role: 'user', content: 'still' }] });
  assert.is(answer.choices[0]?.message.content, 'echo: still');
});

test('GraphQL lists every loaded plugin with its kind, API version and capabilities', async () => {
  const { plugins } = await harness.graphql<{
    plugins: Array<{
      name: string;
      kind: string;
      apiVersion: number;
      capabilities: { chat: boolean; stream: boolean; tools: boolean } | null;
      audioCapabilities: { speak: boolean; transcribe: boolean; voices: Array<{ id: string }> | null; maxInputCharacters: number | null } | null;
    }>;
  }>('{ plugins { name kind apiVersion capabilities { chat stream tools } audioCapabilities { speak transcribe voices { id } maxInputCharacters } } }');
  assert.equal(plugins, [
    { name: 'signal-only', kind: 'provider', apiVersion: 2, capabilities: { chat: true, stream: true, tools: false }, audioCapabilities: null },
    {
      name: 'speech-only',
      kind: 'audio',
      apiVersion: 2,
      capabilities: null,
      audioCapabilities: { speak: true, transcribe: false, voices: [{ id: 'rachel' }], maxInputCharacters: 5000 },
    },
    { name: 'last-first', kind: 'routing-strategy', apiVersion: 1, capabilities: null, audioCapabilities: null },
  ]);
});

test.run();
