/**
 * The `azure-openai` audio plugin against the fake Azure OpenAI resource: deployment URLs with the
 * audio api-version, the api-key header, Azure's error codes, and settings validated as for chat.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHttpClient, silentLogger, type AudioClient, type AudioFile } from '@conduit/plugin-api';
import { expectProviderError, testCallOptions } from '@conduit/plugin-api/conformance';
import plugins, { azureAudioPlugin, azureProvider } from '../src/index.ts';
import { fakeAzureApiKey, fakeAzureApiVersion, startAzureOpenAIFakeUpstream } from './fake-azure-openai-upstream.ts';
import { fakeAzureTranscript } from './fake/serve-azure-audio.ts';
import { sampleWav } from '../../provider-openai/test/sample-wav.ts';

const fake = await startAzureOpenAIFakeUpstream();
const http = createHttpClient({ timeouts: { connectMs: 5000, firstByteMs: 5000, idleMs: 5000 } });
const clientWith = (options: Record<string, unknown>, apiKey = fakeAzureApiKey, baseUrl = fake.provider.baseUrl): AudioClient =>
  azureAudioPlugin.create({
    provider: { id: 'p1', name: 'azure', type: 'azure-openai' },
    baseUrl,
    credentials: { apiKey },
    options,
    pluginOptions: {},
    http,
    logger: silentLogger,
  });
const client = clientWith({ apiVersion: fakeAzureApiVersion });
const wav = sampleWav(1);
const upload = (): AudioFile => ({ body: (async function* () { yield wav; })(), filename: 'clip.wav', format: 'wav', contentType: 'audio/wav', bytes: wav.length });
const call = () => testCallOptions(undefined, 'azure-audio-test');

test.before.each(() => fake.reset());
test.after(async () => {
  await fake.close();
  await http.close();
});

test('the package exports chat, audio and realtime plugins named azure-openai sharing one account', () => {
  const kinds = plugins.filter((plugin) => plugin.name === 'azure-openai').map((plugin) => plugin.kind);
  assert.equal(kinds, ['provider', 'audio', 'realtime-translator']);
  assert.is(azureAudioPlugin.apiVersion, 2);
  assert.equal(azureAudioPlugin.credentialsSchema, azureProvider.credentialsSchema);
  assert.equal(azureAudioPlugin.optionsSchema, azureProvider.optionsSchema);
  assert.ok((azureAudioPlugin.optionsSchema?.properties as Record<string, unknown>).audioApiVersion);
});

test('model refinements by deployment name: whisper transcribes and translates, transcribe models stream, tts speaks', () => {
  const caps = (name: string) => ({ ...azureAudioPlugin.capabilities, ...azureAudioPlugin.modelCapabilities?.(name) });
  assert.equal([caps('whisper').transcribe, caps('whisper').translate, caps('whisper').speak, caps('whisper').transcribeStream], [true, true, false, false]);
  assert.equal([caps('gpt-4o-mini-transcribe').transcribeStream, caps('gpt-4o-mini-transcribe').translate], [true, false]);
  assert.equal([caps('tts-hd').speak, caps('tts-hd').transcribe], [true, false]);
  assert.equal(caps('tts').voices?.map((voice) => voice.id), ['alloy', 'echo', 'fable', 'onyx', 'nova', 'shimmer']);
  assert.is(caps('gpt-4o-mini-tts').speak, true);
  assert.is(azureAudioPlugin.modelCapabilities?.('my-custom-name'), undefined);
});

test('a transcription goes to the deployment URL with api-version and api-key, never a bearer token', async () => {
  const transcription = await client.transcribe!({ model: 'whisper', file: upload(), language: 'en' }, call());
  assert.is(transcription.text, fakeAzureTranscript);
  const seen = fake.lastRequest();
  assert.is(seen.path, `/openai/deployments/whisper/audio/transcriptions?api-version=${fakeAzureApiVersion}`);
  assert.is(seen.headers['api-key'], fakeAzureApiKey);
  assert.is(seen.headers.authorization, undefined);
});

test('srt asked of whisper is fetched as verbose_json, so the gateway can render it from the segments', async () => {
  const transcription = await client.transcribe!({ model: 'whisper', file: upload(), responseFormat: 'srt' }, call());
  assert.is(transcription.segments?.length, 1);
  assert.is(transcription.language, 'english');
});

test('srt asked of a gpt-4o-mini-transcribe deployment is fetched as json, which is all it answers', async () => {
  const transcription = await client.transcribe!({ model: 'gpt-4o-mini-transcribe', file: upload(), responseFormat: 'srt', timestampGranularities: ['word'] }, call());
  assert.is(transcription.text, fakeAzureTranscript);
  assert.match(fake.lastRequest().path, /^\/openai\/deployments\/gpt-4o-mini-transcribe\/audio\/transcriptions\?/);
});

test('audioApiVersion overrides apiVersion for audio URLs only', async () => {
  const audio = clientWith({ apiVersion: fakeAzureApiVersion, audioApiVersion: '2025-03-01-preview' });
  await audio.translate!({ model: 'whisper', file: upload() }, call());
  assert.is(fake.lastRequest().path, '/openai/deployments/whisper/audio/translations?api-version=2025-03-01-preview');
});

test('the v1 API puts the model in the body at /openai/v1/audio/speech', async () => {
  const audio = clientWith({ v1Api: true });
  fake.enqueue({ type: 'http-error', status: 500, message: 'stop here' });
  await expectProviderError(audio.speak!({ model: 'tts', input: 'hi', voice: 'alloy', format: 'mp3' }, call()), 'the scripted failure');
  const seen = fake.lastRequest();
  assert.is(seen.path, '/openai/v1/audio/speech');
  assert.is((seen.body as { model?: string }).model, 'tts');
});

test('speech streams the bytes with the content type of the asked format', async () => {
  const speech = await client.speak!({ model: 'tts', input: 'Hello from Azure', voice: 'alloy', format: 'wav' }, call());
  assert.is(speech.contentType, 'audio/wav');
  let pieces = 0;
  let bytes = 0;
  for await (const piece of speech.body) {
    pieces++;
    bytes += piece.byteLength;
  }
  assert.ok(pieces >= 1 && bytes >= 256, `${pieces} pieces, ${bytes} bytes`);
  assert.is((fake.lastRequest().body as { voice?: string }).voice, 'alloy');
});

test('DeploymentNotFound is a non-retryable not_found', async () => {
  const error = await expectProviderError(client.speak!({ model: 'missing', input: 'hi', voice: 'alloy', format: 'mp3' }, call()), 'an unknown deployment');
  assert.is(error.code, 'not_found');
  assert.is(error.retryable, false);
  assert.is(error.providerCode, 'DeploymentNotFound');
});

test('OperationNotSupported (speech asked of a whisper deployment) is a bad request, not retried', async () => {
  const error = await expectProviderError(client.speak!({ model: 'whisper', input: 'hi', voice: 'alloy', format: 'mp3' }, call()), 'a wrong operation');
  assert.is(error.code, 'bad_request');
  assert.is(error.retryable, false);
});

test('a 429 with retry-after is retryable and carries the delay; a wrong key is an authentication error without the key', async () => {
  fake.enqueue({ type: 'http-error', status: 429, message: 'Requests to the Audio API have exceeded call rate limit.', retryAfterSeconds: 7 });
  const limited = await expectProviderError(client.transcribe!({ model: 'whisper', file: upload() }, call()), 'a rate limit');
  assert.is(limited.code, 'rate_limit');
  assert.is(limited.retryable, true);
  assert.is(limited.retryAfterMs, 7000);
  const wrongKey = 'sk-wrong-azure-key-abcdef';
  const denied = await expectProviderError(clientWith({}, wrongKey).transcribe!({ model: 'whisper', file: upload() }, call()), 'a wrong key');
  assert.is(denied.code, 'authentication');
  assert.not.match(denied.message, wrongKey);
});

test('settings are validated as for chat: no endpoint and no resourceName is refused with a clear message', () => {
  assert.throws(() => clientWith({}, fakeAzureApiKey, ''), /resource endpoint/);
  const named = clientWith({ resourceName: 'myres' }, fakeAzureApiKey, '');
  assert.type(named.transcribe, 'function');
});

test('the health probe lists the resource models with api-version', async () => {
  await client.health!(call());
  // The models list is not recorded by the fake; a wrong key proves the probe reaches it.
  const error = await expectProviderError(clientWith({}, 'bad').health!(call()), 'a probe with a bad key');
  assert.is(error.code, 'authentication');
});

test.run();
