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

runRealtimeConformance({
  plugin: azureRealtimeTranslator,
  model: 'my-gpt-realtime',
  startFake: startAzureFake,
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

test('URL forms: deployment with the default realtime api-version, v1 with model, resource name', () => {
  assert.is(
    azureRealtimeUrl('https://res.openai.azure.com/openai/', {}, 'dep 1'),
    'wss://res.openai.azure.com/openai/realtime?api-version=2025-04-01-preview&deployment=dep%201',
  );
  assert.is(azureRealtimeUrl('https://res.openai.azure.com', { v1Api: true }, 'dep'), 'wss://res.openai.azure.com/openai/v1/realtime?model=dep');
  assert.is(azureRealtimeUrl('', { resourceName: 'other' }, 'dep'), 'wss://other.openai.azure.com/openai/realtime?api-version=2025-04-01-preview&deployment=dep');
  assert.throws(() => azureRealtimeUrl('', {}, 'dep'), /resource endpoint/);
});

test.run();
