/**
 * The Azure realtime translator: the conformance kit against the fake Realtime API speaking Azure's
 * URL form and `api-key` header, and the URL forms themselves.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { audioToBase64 } from '@conduit/plugin-api';
import { connectRealtime, runRealtimeConformance, waitUntil } from '@conduit/plugin-api/conformance';
import { azureRealtimeTranslator, azureRealtimeUrl } from '../src/index.ts';
import { startOpenAIRealtimeFake } from '../../provider-openai/test/fake-openai-realtime.ts';

const startAzureFake = () => startOpenAIRealtimeFake({ auth: 'api-key', apiKey: 'azure-fake-key-0001', basePath: '/openai' });
/** Azure's GA realtime endpoint only: `/openai/v1/realtime?model=<deployment>`, no api-version. */
const startAzureGaFake = () => startOpenAIRealtimeFake({ auth: 'api-key', apiKey: 'azure-fake-key-0001', basePath: '/openai/v1' });

runRealtimeConformance({
  plugin: azureRealtimeTranslator,
  model: 'my-gpt-realtime',
  startFake: startAzureGaFake,
  unsupportedEvents: [{ type: 'output_audio_buffer.clear', event_id: 'evt_webrtc_only' }],
});

test('deployment URLs carry the deployment and api-version, and the key goes in api-key, never as a Bearer', async () => {
  const fake = await startAzureFake();
  try {
    const harness = await connectRealtime(azureRealtimeTranslator, fake, { model: 'my-gpt-realtime', options: { realtimeApiVersion: '2025-08-28' } });
    await harness.close();
    const [handshake] = fake.handshakes;
    assert.is(handshake.path, '/openai/realtime');
    assert.is(handshake.deployment, 'my-gpt-realtime');
    assert.is(handshake.apiVersion, '2025-08-28');
    assert.is(handshake.apiKeyHeader, 'azure-fake-key-0001');
    assert.is(handshake.authorization, undefined);
  } finally {
    await fake.close();
  }
});

test('by default the session opens at the GA endpoint (/openai/v1/realtime?model=<deployment>, no api-version), whose protocol the client speaks', async () => {
  const fake = await startAzureGaFake();
  try {
    const harness = await connectRealtime(azureRealtimeTranslator, fake, { model: 'my-gpt-realtime', session: { instructions: 'Hi.' } });
    await harness.close();
    const [handshake] = fake.handshakes;
    assert.is(handshake.path, '/openai/v1/realtime');
    assert.is(handshake.model, 'my-gpt-realtime');
    assert.is(handshake.apiVersion, null);
    assert.is(harness.recording.sent[0].type, 'session.created');
  } finally {
    await fake.close();
  }
});

test('a dated preview api-version speaks the beta protocol: its audio (response.audio.delta) and flat G.711 formats still count as audio seconds', async () => {
  const fake = await startOpenAIRealtimeFake({ auth: 'api-key', apiKey: 'azure-fake-key-0001', basePath: '/openai', protocol: 'beta' });
  try {
    const harness = await connectRealtime(azureRealtimeTranslator, fake, { model: 'my-gpt-realtime', options: { realtimeApiVersion: '2025-04-01-preview' } });
    await harness.session.handleClientEvent({ type: 'session.update', session: { input_audio_format: 'g711_ulaw' } });
    await harness.session.handleClientEvent({ type: 'input_audio_buffer.append', audio: audioToBase64(new Uint8Array(8000)) });
    fake.speak(0.5);
    fake.finishResponse();
    await waitUntil(() => harness.recording.ofType('response.done').length === 1, 'response.done');
    await harness.close();
    assert.is(fake.handshakes[0].apiVersion, '2025-04-01-preview');
    assert.ok(harness.recording.ofType('response.audio.delta').length > 0, 'beta audio passed through');
    const total = harness.recording.totalUsage();
    assert.is(total.inputAudioSeconds, 1);
    assert.is(total.outputAudioSeconds, 0.5);
  } finally {
    await fake.close();
  }
});

test('beta protocol: input_audio_transcription on the flat session; each completed transcription reports its usage under that model', async () => {
  const fake = await startOpenAIRealtimeFake({ auth: 'api-key', apiKey: 'azure-fake-key-0001', basePath: '/openai', protocol: 'beta' });
  try {
    const harness = await connectRealtime(azureRealtimeTranslator, fake, { model: 'my-gpt-realtime', options: { realtimeApiVersion: '2025-04-01-preview' } });
    await harness.session.handleClientEvent({ type: 'session.update', session: { input_audio_transcription: { model: 'whisper-1' } } });
    await waitUntil(() => harness.recording.ofType('session.updated').length === 1, 'session.updated');
    await harness.session.handleClientEvent({ type: 'input_audio_buffer.append', audio: audioToBase64(new Uint8Array(48000)) });
    await harness.session.handleClientEvent({ type: 'input_audio_buffer.commit' });
    await waitUntil(() => harness.recording.ofType('conversation.item.input_audio_transcription.completed').length === 1, 'transcription');
    await harness.close();
    assert.equal(harness.recording.ofType('conversation.item.input_audio_transcription.completed')[0]!.usage, { type: 'duration', seconds: 1 });
    assert.equal(harness.recording.usage.flatMap((report) => (report.transcription ? [report.transcription] : [])), [{ model: 'whisper-1', seconds: 1 }]);
  } finally {
    await fake.close();
  }
});

test('URL forms: GA v1 with model by default, a deployment URL only with a realtime api-version, resource name', () => {
  assert.is(azureRealtimeUrl('https://res.openai.azure.com/openai/', {}, 'dep 1'), 'wss://res.openai.azure.com/openai/v1/realtime?model=dep%201');
  assert.is(
    azureRealtimeUrl('https://res.openai.azure.com/openai/', { realtimeApiVersion: '2025-04-01-preview' }, 'dep 1'),
    'wss://res.openai.azure.com/openai/realtime?api-version=2025-04-01-preview&deployment=dep%201',
  );
  assert.is(azureRealtimeUrl('https://res.openai.azure.com', { v1Api: true, realtimeApiVersion: '2025-08-28' }, 'dep'), 'wss://res.openai.azure.com/openai/v1/realtime?model=dep');
  assert.is(azureRealtimeUrl('', { resourceName: 'other' }, 'dep'), 'wss://other.openai.azure.com/openai/v1/realtime?model=dep');
  assert.throws(() => azureRealtimeUrl('', {}, 'dep'), /resource endpoint/);
});

test.run();
