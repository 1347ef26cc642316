/**
 * The Azure realtime translator: the conformance kit against the fake Realtime API speaking Azure's
 * URL form and `api-key` header, and the URL forms themselves.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { connectRealtime, runRealtimeConformance } from '@conduit/plugin-api/conformance';
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
