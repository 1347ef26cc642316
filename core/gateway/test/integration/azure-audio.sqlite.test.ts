/**
 * The `azure-openai` audio plugin through a real gateway: the `openai` SDK calls /v1/audio on the
 * gateway, which reaches the fake Azure OpenAI resource's audio deployments (checked with the SDK's
 * AzureOpenAI client in the plugin's own tests) on their deployment URLs with the api-key header.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { NotFoundError, toFile } from 'openai';
import { startAzureOpenAIFakeUpstream } from '../../../../plugins/provider-azure-openai/test/fake-azure-openai-upstream.ts';
import { fakeAzureTranscript } from '../../../../plugins/provider-azure-openai/test/fake/serve-azure-audio.ts';
import { sampleWav } from '../../../../plugins/provider-openai/test/sample-wav.ts';
import { startTestGateway } from '../support/test-gateway.ts';

const harness = await startTestGateway();
const fake = await startAzureOpenAIFakeUpstream();
test.after(async () => {
  await harness.close();
  await fake.close();
});

const providerId = await harness.createProvider({
  name: 'azure',
  type: 'azure-openai',
  baseUrl: fake.provider.baseUrl,
  apiKey: fake.provider.credentials.apiKey,
  options: { apiVersion: '2024-10-21', audioApiVersion: '2025-03-01-preview' },
});
await harness.createDeployment({ modelName: 'whisper-1', providerId, providerModel: 'whisper' });
await harness.createDeployment({ modelName: 'tts-1', providerId, providerModel: 'tts' });
await harness.createDeployment({ modelName: 'gpt-4o-mini-transcribe', providerId, providerModel: 'gpt-4o-mini-transcribe' });
await harness.createDeployment({ modelName: 'missing-tts', providerId, providerModel: 'gone-tts' });
const { key } = await harness.createKey();
const client = harness.openai(key);
const wav = sampleWav(2);

test.before.each(() => fake.reset());

test('a transcription reaches the whisper deployment URL with the audio api-version and the api-key header', async () => {
  const answer = await client.audio.transcriptions.create({ file: await toFile(wav, 'clip.wav'), model: 'whisper-1' });
  assert.is(answer.text, fakeAzureTranscript);
  const seen = fake.lastRequest();
  assert.is(seen.path, '/openai/deployments/whisper/audio/transcriptions?api-version=2025-03-01-preview');
  assert.is(seen.headers['api-key'], fake.provider.credentials.apiKey);
  assert.is(seen.headers.authorization, undefined);
});

test('text and verbose_json transcripts and a translation come back in OpenAI’s shapes', async () => {
  const text = await client.audio.transcriptions.create({ file: await toFile(wav, 'clip.wav'), model: 'whisper-1', response_format: 'text' });
  assert.is(text.trim(), fakeAzureTranscript);
  const verbose = await client.audio.transcriptions.create({ file: await toFile(wav, 'clip.wav'), model: 'whisper-1', response_format: 'verbose_json' });
  assert.is(verbose.text, fakeAzureTranscript);
  assert.ok((verbose.segments?.length ?? 0) >= 1);
  const translation = await client.audio.translations.create({ file: await toFile(wav, 'clip.wav'), model: 'whisper-1' });
  assert.is(translation.text, fakeAzureTranscript);
  assert.match(fake.lastRequest().path, /^\/openai\/deployments\/whisper\/audio\/translations\?/);
});

test('a streamed transcription relays the deployment’s transcript deltas', async () => {
  const stream = await client.audio.transcriptions.create({ file: await toFile(wav, 'clip.wav'), model: 'gpt-4o-mini-transcribe', stream: true });
  let text = '';
  let done = 0;
  for await (const event of stream) {
    if (event.type === 'transcript.text.delta') text += event.delta;
    if (event.type === 'transcript.text.done') done++;
  }
  assert.is(text, fakeAzureTranscript);
  assert.is(done, 1);
});

test('speech comes back as the tts deployment’s bytes', async () => {
  const response = await client.audio.speech.create({ model: 'tts-1', voice: 'alloy', input: 'Hello from Azure', response_format: 'mp3' });
  const bytes = Buffer.from(await response.arrayBuffer());
  assert.is(bytes.toString('latin1', 0, 3), 'ID3');
  assert.ok(bytes.length >= 256);
  assert.is(fake.lastRequest().path, '/openai/deployments/tts/audio/speech?api-version=2025-03-01-preview');
});

test('an Azure deployment that does not exist is a 404 in OpenAI’s error format, without the Azure key', async () => {
  const error = await client.audio.speech.create({ model: 'missing-tts', voice: 'alloy', input: 'x' }).catch((caught: unknown) => caught);
  assert.instance(error, NotFoundError);
  assert.not.match(JSON.stringify((error as NotFoundError).error), fake.provider.credentials.apiKey!);
});

test.run();
