/**
 * definePlugin covers every kind: an audio plugin and a realtime translator written against the
 * contract types compile (this file is type-checked) and behave as their contracts say.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { definePlugin, type ConduitPlugin, type RealtimeServerEvent, type RealtimeUsage } from '../src/index.ts';
import { createHttpClient } from '../src/http-client.ts';
import { silentLogger } from '../src/logger.ts';
import { ProviderError } from '../src/provider-error.ts';
import { withStreamPhase } from '../src/stream-phase.ts';

const context = {
  provider: { id: 'p1', name: 'voices', type: 'voices' },
  baseUrl: 'https://voices.example',
  credentials: { apiKey: 'secret' },
  options: {},
  pluginOptions: {},
  http: createHttpClient(),
  logger: silentLogger,
};

const audio = definePlugin({
  apiVersion: 2,
  kind: 'audio',
  name: 'voices',
  version: '1.0.0',
  capabilities: { speak: true, speakStream: true, voices: [{ id: 'rachel' }], outputFormats: ['pcm'] },
  create: () => ({
    async speak(request, { signal }) {
      async function* bytes(): AsyncGenerator<Uint8Array> {
        for (let piece = 0; ; piece++) {
          if (signal.aborted) throw new ProviderError({ code: 'aborted', message: 'The request was aborted', retryable: false });
          yield new Uint8Array([piece]);
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
      const usage = () => ({ characters: request.input.length });
      return { contentType: 'audio/pcm', format: request.format, body: withStreamPhase(bytes(), signal), usage };
    },
  }),
});

const translator = definePlugin({
  apiVersion: 2,
  kind: 'realtime-translator',
  name: 'voices',
  version: '1.0.0',
  capabilities: { inputAudioFormats: [{ type: 'audio/pcm', rate: 24000 }], tools: false },
  create: () => ({
    async connect(config, events) {
      events.send({ type: 'session.created', session: { ...config.session, model: config.model } });
      return {
        handleClientEvent(event) {
          if (event.type === 'input_audio_buffer.append') {
            events.usage({ inputAudioSeconds: 0.5 });
            return;
          }
          throw new ProviderError({ code: 'unsupported', message: `voices cannot handle ${event.type}` });
        },
        async close() {
          events.closed();
        },
      };
    },
  }),
});

test('one name, several kinds: both are ConduitPlugins', () => {
  const plugins: ConduitPlugin[] = [audio, translator];
  assert.equal(plugins.map((plugin) => `${plugin.kind}:${plugin.name}`), ['audio:voices', 'realtime-translator:voices']);
});

test('an audio plugin streams speech as bytes and stops with aborted when the signal fires', async () => {
  const controller = new AbortController();
  const client = audio.create(context);
  const speech = await client.speak!({ model: 'v1', input: 'hello', voice: 'rachel', format: 'pcm' }, { signal: controller.signal, requestId: 'r1' });
  const received: number[] = [];
  try {
    for await (const bytes of speech.body) {
      received.push(...bytes);
      if (received.length === 3) controller.abort();
    }
    assert.unreachable('the stream must end with aborted');
  } catch (error) {
    assert.ok(ProviderError.isInstance(error));
    assert.is((error as ProviderError).code, 'aborted');
    assert.is((error as ProviderError).phase, 'mid-stream');
  }
  assert.equal(received, [0, 1, 2]);
  assert.equal(speech.usage?.(), { characters: 5 });
});

test('a realtime translator session sends server events, reports usage, and refuses what it cannot honour', async () => {
  const sent: RealtimeServerEvent[] = [];
  const usage: RealtimeUsage[] = [];
  let closed = false;
  const session = await translator
    .create({ ...context, openWebSocket: () => Promise.reject(new Error('not used')) })
    .connect(
      { model: 'v1', session: { instructions: 'hi' } },
      { send: (event) => sent.push(event), usage: (report) => usage.push(report), closed: () => (closed = true) },
      { signal: new AbortController().signal, requestId: 'r2' },
    );
  await session.handleClientEvent({ type: 'input_audio_buffer.append', audio: 'AAAA' });
  assert.throws(() => session.handleClientEvent({ type: 'conversation.item.truncate', event_id: 'e1' }), /voices cannot handle conversation\.item\.truncate/);
  await session.close();
  assert.equal(sent, [{ type: 'session.created', session: { instructions: 'hi', model: 'v1' } }]);
  assert.equal(usage, [{ inputAudioSeconds: 0.5 }]);
  assert.ok(closed);
});

test.after(() => context.http.close());

test.run();
