/**
 * The conformance kit for realtime translators: `runRealtimeConformance` registers uvu tests that
 * drive a translator against a fake of its provider, through what a gateway sees of it. Each test
 * starts its own fake. Checks: the session starts with `session.created`; appended audio reaches
 * the upstream (resampled to its rate, same duration); the agent's audio comes back as
 * `response.output_audio.delta` at 24 kHz; usage is reported; unknown, unsupported and invalid
 * client events are refused with errors that name them; a malformed provider message becomes an
 * `error` event and the session goes on; a bad key fails the connect before any event; close ends
 * the upstream cleanly.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { audioFromBase64, audioToBase64 } from '../../audio/audio-framing.ts';
import { pcm16Bytes } from '../../audio/pcm16.ts';
import { ProviderError } from '../../provider-error.ts';
import { realtimeErrorEvent } from '../../realtime/realtime-error-event.ts';
import type { RealtimeClientEvent, RealtimeTranslatorPlugin } from '../../realtime-translator-plugin.ts';
import { waitUntil } from '../testing/wait-until.ts';
import { connectRealtime, type RealtimeHarness } from './realtime-harness.ts';
import type { RealtimeFakeUpstream } from './realtime-fake-upstream.ts';

export interface RealtimeConformanceOptions {
  plugin: RealtimeTranslatorPlugin<unknown>;
  /** The provider model the session is for. */
  model: string;
  startFake(): Promise<RealtimeFakeUpstream>;
  /** Session config applied at connect. Default: instructions and PCM 24 kHz both ways. */
  session?: Record<string, unknown>;
  /** Client events this provider cannot honour: each must be refused as `unsupported`, naming it. */
  unsupportedEvents?: RealtimeClientEvent[];
  /** Suite name. Default: `realtime conformance: <plugin name>`. */
  name?: string;
}

const defaultSession = {
  type: 'realtime',
  instructions: 'You are a conformance test.',
  audio: { input: { format: { type: 'audio/pcm', rate: 24000 } }, output: { format: { type: 'audio/pcm', rate: 24000 } } },
};

/** A 440 Hz tone of `seconds` at 24 kHz, as PCM16 bytes. */
function tone(seconds: number): Uint8Array {
  const samples = Int16Array.from({ length: Math.round(seconds * 24000) }, (_, i) => Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / 24000)));
  return pcm16Bytes(samples);
}

async function expectRefusal(harness: RealtimeHarness, event: RealtimeClientEvent, code: string): Promise<ProviderError> {
  try {
    await harness.session.handleClientEvent(event);
  } catch (error) {
    assert.ok(ProviderError.isInstance(error), `'${event.type}' was refused with a ${String(error)}, not a ProviderError`);
    assert.is(error.code, code, `'${event.type}' refused as ${error.code}: ${error.message}`);
    return error;
  }
  assert.unreachable(`'${event.type}' was accepted; it must be refused as ${code}`);
  throw new Error('unreachable');
}

export function runRealtimeConformance(options: RealtimeConformanceOptions): void {
  const test = suite(options.name ?? `realtime conformance: ${options.plugin.name}`);
  const session = options.session ?? defaultSession;
  let fake: RealtimeFakeUpstream | undefined;
  let harness: RealtimeHarness | undefined;
  const open = async (): Promise<{ fake: RealtimeFakeUpstream; harness: RealtimeHarness }> => {
    fake = await options.startFake();
    harness = await connectRealtime(options.plugin, fake, { model: options.model, session });
    return { fake, harness };
  };
  test.after.each(async () => {
    await harness?.close().catch(() => undefined);
    await fake?.close();
    harness = undefined;
    fake = undefined;
  });

  test('the plugin declares the realtime-translator kind', () => {
    assert.is(options.plugin.kind, 'realtime-translator');
    assert.type(options.plugin.create, 'function');
    assert.ok(options.plugin.apiVersion >= 2, 'realtime translators need plugin API version 2');
  });

  test('the session starts with session.created, sent once', async () => {
    const { harness } = await open();
    await waitUntil(() => harness.recording.sent.length > 0, 'the first server event');
    assert.is(harness.recording.sent[0].type, 'session.created');
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.is(harness.recording.ofType('session.created').length, 1);
    for (const event of harness.recording.sent) assert.type(event.event_id, 'string', `${event.type} has an event_id`);
  });

  test('appended audio reaches the upstream with its duration', async () => {
    const { fake, harness } = await open();
    const audio = tone(0.1);
    for (let at = 0; at < audio.length; at += 960) {
      await harness.session.handleClientEvent({ type: 'input_audio_buffer.append', audio: audioToBase64(audio.subarray(at, at + 960)) });
    }
    const seconds = (): number => fake.receivedAudioBytes() / 2 / fake.audioRate;
    await waitUntil(() => seconds() >= 0.095, `0.1 s of audio at the upstream (got ${seconds()} s)`);
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.ok(seconds() <= 0.101, `the upstream got ${seconds()} s for 0.1 s appended`);
  });

  test('the agent audio comes back as response.output_audio.delta at 24 kHz', async () => {
    const { fake, harness } = await open();
    await waitUntil(() => harness.recording.sent.length > 0, 'session.created');
    fake.speak(0.2);
    const received = (): number =>
      harness.recording.ofType('response.output_audio.delta').reduce((sum, event) => sum + audioFromBase64(String(event.delta)).length, 0) / 2 / 24000;
    await waitUntil(() => received() >= 0.195, `0.2 s of audio back (got ${received()} s)`);
    for (const event of harness.recording.ofType('response.output_audio.delta')) {
      assert.type(event.response_id, 'string');
      assert.type(event.item_id, 'string');
    }
    assert.ok(received() <= 0.201, `got ${received()} s for 0.2 s spoken`);
  });

  test('usage is reported by the time the session closed', async () => {
    const { fake, harness } = await open();
    await harness.session.handleClientEvent({ type: 'input_audio_buffer.append', audio: audioToBase64(tone(0.1)) });
    fake.speak(0.1);
    await waitUntil(() => harness.recording.ofType('response.output_audio.delta').length > 0, 'audio back');
    fake.finishResponse();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await harness.session.close();
    const total = harness.recording.totalUsage();
    const any = Object.values(total).some((value) => value > 0);
    assert.ok(any, `no usage reported: ${JSON.stringify(harness.recording.usage)}`);
    const isCount = (value: unknown): boolean => value === undefined || (typeof value === 'number' && Number.isFinite(value) && value >= 0);
    for (const report of harness.recording.usage) {
      const { transcription, ...counts } = report;
      for (const [key, value] of Object.entries(counts)) assert.ok(isCount(value), `${key}: ${value}`);
      if (transcription === undefined) continue;
      assert.ok(transcription.model === undefined || typeof transcription.model === 'string', `transcription.model: ${transcription.model}`);
      for (const [key, value] of Object.entries(transcription)) if (key !== 'model') assert.ok(isCount(value), `transcription.${key}: ${value}`);
    }
  });

  test('an unknown client event is refused as unsupported, naming it, and the error event carries its event_id', async () => {
    const { harness } = await open();
    const event = { type: 'conduit.no_such_event', event_id: 'evt_conformance_1' };
    const error = await expectRefusal(harness, event, 'unsupported');
    assert.match(error.message, 'conduit.no_such_event');
    const shaped = realtimeErrorEvent(error, event) as { type: string; error: { event_id: string; message: string } };
    assert.is(shaped.type, 'error');
    assert.is(shaped.error.event_id, 'evt_conformance_1');
  });

  for (const event of options.unsupportedEvents ?? []) {
    test(`'${event.type}' is refused as unsupported, naming it`, async () => {
      const { harness } = await open();
      const error = await expectRefusal(harness, event, 'unsupported');
      assert.match(error.message, event.type);
    });
  }

  test('audio that is not base64 is refused as bad_request', async () => {
    const { harness } = await open();
    await expectRefusal(harness, { type: 'input_audio_buffer.append', audio: '%%% not audio %%%', event_id: 'evt_bad' }, 'bad_request');
  });

  test('a malformed provider message becomes an error event and the session goes on', async () => {
    const { fake, harness } = await open();
    await waitUntil(() => harness.recording.sent.length > 0, 'session.created');
    fake.sendMalformed();
    await waitUntil(() => harness.recording.ofType('error').length > 0, 'an error event');
    const [error] = harness.recording.ofType('error') as unknown as Array<{ error: { message: string; type: string } }>;
    assert.type(error.error.message, 'string');
    assert.is(harness.recording.closedWith, undefined, 'the session ended');
    fake.speak(0.05);
    await waitUntil(() => harness.recording.ofType('response.output_audio.delta').length > 0, 'audio after the malformed message');
  });

  test('a refused key fails the connect with authentication, before any event', async () => {
    fake = await options.startFake();
    const caught = await connectRealtime(options.plugin, fake, {
      model: options.model,
      session,
      credentials: { ...fake.provider.credentials, apiKey: 'sk-wrong-key' },
    }).then(
      () => undefined,
      (error: unknown) => error,
    );
    assert.ok(ProviderError.isInstance(caught), `connect did not fail with a ProviderError: ${String(caught)}`);
    assert.is(caught.code, 'authentication', caught.message);
    assert.not.match(caught.message, 'sk-wrong-key');
  });

  test('close ends the upstream cleanly', async () => {
    const { fake, harness } = await open();
    await waitUntil(() => fake.openSockets() === 1, 'the upstream socket');
    await harness.session.close();
    await waitUntil(() => fake.openSockets() === 0, 'the upstream socket closed');
    assert.ok(harness.recording.closedWith === undefined || harness.recording.closedWith === null, 'close reported an error');
    await harness.session.close(); // twice is harmless
  });

  test('the provider ending the session is reported through closed()', async () => {
    const { fake, harness } = await open();
    await waitUntil(() => fake.openSockets() === 1, 'the upstream socket');
    await fake.close();
    await waitUntil(() => harness.recording.closedWith !== undefined, 'closed() called');
  });

  test.run();
}
