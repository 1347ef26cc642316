/** The `elevenlabs` plugin against the fake ElevenLabs upstream: wire fields, formats, usage, errors, abort. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHttpClient, silentLogger, type AudioClient, type AudioPlugin } from '@conduit/plugin-api';
import { expectProviderError, testCallOptions, within } from '@conduit/plugin-api/conformance';
import plugins from '../src/index.ts';
import { startElevenLabsFakeUpstream } from './fake-elevenlabs-upstream.ts';

const plugin = plugins[0] as AudioPlugin<unknown>;
const fake = await startElevenLabsFakeUpstream();
const http = createHttpClient({ timeouts: { connectMs: 5000, firstByteMs: 5000, idleMs: 5000 } });
const clientOf = (credentials = fake.provider.credentials, options: Record<string, unknown> = {}): AudioClient =>
  plugin.create({ provider: { id: 'p', name: 'ElevenLabs', type: 'elevenlabs' }, baseUrl: fake.provider.baseUrl, credentials, options, pluginOptions: {}, http, logger: silentLogger });
const client = clientOf(fake.provider.credentials, { voiceSettings: { stability: 0.4, similarity_boost: 0.8 } });
test.before.each(() => fake.reset());
test.after(async () => {
  await fake.close();
  await http.close();
});
const rachel = '21m00Tcm4TlvDq8ikWAM';
const read = async (body: AsyncIterable<Uint8Array>) => {
  const pieces: Uint8Array[] = [];
  for await (const piece of body) pieces.push(piece);
  return Buffer.concat(pieces);
};

test('a Provider of type elevenlabs is audio only, with capabilities per model', () => {
  assert.equal(plugins.map((candidate) => `${candidate.kind}:${candidate.name}`), ['audio:elevenlabs']);
  assert.is(plugin.defaultBaseUrl, 'https://api.elevenlabs.io');
  assert.equal(plugin.modelCapabilities?.('scribe_v1'), { speak: false, speakStream: false });
  assert.is(plugin.modelCapabilities?.('eleven_flash_v2_5')?.maxInputCharacters, 40_000);
});

test('speak maps response_format to output_format, sends voice settings and speed, and reports character-cost', async () => {
  for (const [format, outputFormat, contentType] of [['mp3', 'mp3_44100_128', 'audio/mpeg'], ['pcm', 'pcm_24000', 'audio/pcm'], ['opus', 'opus_48000_64', 'audio/ogg; codecs=opus']]) {
    const audio = await client.speak!({ model: 'eleven_multilingual_v2', input: 'Hello world', voice: rachel, format: format!, speed: 1.1 }, testCallOptions());
    assert.is(audio.contentType, contentType);
    const bytes = await read(audio.body);
    assert.ok(bytes.length > 0);
    assert.equal(audio.usage?.(), { characters: 11 });
    const sent = fake.lastRequest();
    assert.is(sent.path, `/v1/text-to-speech/${rachel}/stream?output_format=${outputFormat}`);
    assert.equal(sent.body, { text: 'Hello world', model_id: 'eleven_multilingual_v2', voice_settings: { stability: 0.4, similarity_boost: 0.8, speed: 1.1 } });
  }
  const wav = await expectProviderError(client.speak!({ model: 'eleven_multilingual_v2', input: 'Hi', voice: rachel, format: 'wav' }, testCallOptions()));
  assert.is(wav.code, 'unsupported');
});

test('speech billed through x-character-count (the current API reference) reports the characters too', async () => {
  fake.enqueue({ type: 'x-character-count' });
  const audio = await client.speak!({ model: 'eleven_flash_v2_5', input: 'Hello there', voice: rachel, format: 'mp3' }, testCallOptions());
  for await (const _ of audio.body);
  assert.equal(audio.usage?.(), { characters: 11 });
});

test('transcribe sends model_id, file and language_code, and keeps the words', async () => {
  fake.enqueue({ type: 'transcript', text: 'Good morning everyone' });
  const result = await client.transcribe!(
    { model: 'scribe_v1', language: 'en', file: { body: (async function* () { yield Buffer.alloc(1000); yield Buffer.alloc(600); })(), filename: 'a.wav', format: 'wav', contentType: 'audio/wav' } },
    testCallOptions(),
  );
  assert.is(result.text, 'Good morning everyone');
  assert.is(result.language, 'en');
  assert.equal(result.words?.map((word) => word.word), ['Good', 'morning', 'everyone']);
  // The duration Scribe reports (and bills) is kept.
  assert.equal([result.durationSeconds, result.usage], [1.5, { seconds: 1.5 }]);
  assert.equal(fake.lastRequest().body, { model_id: 'scribe_v1', language_code: 'en', tag_audio_events: 'false' });
});

test('voices list the account voices; health uses it', async () => {
  const voices = await client.listVoices!(testCallOptions());
  assert.equal(voices[0], { id: rachel, name: 'Rachel', languages: ['en'] });
  assert.equal(voices[2], { id: 'pFZP5JQG7iQjIQuC4Bku', name: 'Lily', languages: ['de', 'en'] });
  await client.health!(testCallOptions());
  assert.is(fake.lastRequest().path, '/v1/voices');
});

test('health passes with a valid key not allowed to list voices, and fails with a wrong key or a failing API', async () => {
  fake.enqueue({ type: 'detail', status: 401, detail: { status: 'missing_permissions', message: 'The API key you used is missing the permission voices_read to execute this operation.' } });
  await client.health!(testCallOptions());
  assert.is(fake.lastRequest().path, '/v1/voices');
  const key = await expectProviderError(clientOf({ apiKey: 'sk_not_valid_key_9999' }).health!(testCallOptions()));
  assert.is(key.code, 'authentication');
  fake.enqueue({ type: 'http-error', status: 503, message: 'Service unavailable' });
  const down = await expectProviderError(client.health!(testCallOptions()));
  assert.is(down.status, 503);
});

test('an exhausted quota (a 401) is a non-retryable error that says so, not an authentication failure', async () => {
  fake.enqueue({ type: 'quota-exceeded' });
  const error = await expectProviderError(client.speak!({ model: 'eleven_multilingual_v2', input: 'Hi', voice: rachel, format: 'mp3' }, testCallOptions()));
  assert.is(error.code, 'rate_limit');
  assert.is(error.retryable, false);
  assert.is(error.status, 401);
  assert.is(error.providerCode, 'quota_exceeded');
  assert.match(error.message, /quota is exhausted/);
});

test('other errors: a wrong key, an unknown voice, validation, busy', async () => {
  const key = await expectProviderError(clientOf({ apiKey: 'sk_not_valid_key_9999' }).listVoices!(testCallOptions()));
  assert.equal([key.code, key.retryable], ['authentication', false]);
  assert.not.match(key.message, 'sk_not_valid_key_9999');
  const voice = await expectProviderError(client.speak!({ model: 'eleven_multilingual_v2', input: 'Hi', voice: 'nobody', format: 'mp3' }, testCallOptions()));
  assert.equal([voice.code, voice.providerCode], ['not_found', 'voice_not_found']);
  const empty = await expectProviderError(client.speak!({ model: 'eleven_multilingual_v2', input: '', voice: rachel, format: 'mp3' }, testCallOptions()));
  assert.is(empty.code, 'bad_request');
  assert.match(empty.message, /body\.text: Field required/);
  fake.enqueue({ type: 'http-error', status: 429, message: 'Too many concurrent requests', retryAfterSeconds: 1 });
  const busy = await expectProviderError(client.speak!({ model: 'eleven_multilingual_v2', input: 'Hi', voice: rachel, format: 'mp3' }, testCallOptions()));
  assert.equal([busy.code, busy.retryable, busy.retryAfterMs], ['rate_limit', true, 1000]);
});

test('errors in the newer typed detail shape ({type, code, message}, no status) are classified as the older ones', async () => {
  const speak = () => client.speak!({ model: 'eleven_multilingual_v2', input: 'Hi', voice: rachel, format: 'mp3' }, testCallOptions());
  fake.enqueue({ type: 'detail', status: 401, detail: { type: 'authentication_error', code: 'quota_exceeded', message: 'This request exceeds your quota of 10000.', request_id: 'req_1' } });
  const quota = await expectProviderError(speak());
  assert.equal([quota.code, quota.retryable, quota.providerCode], ['rate_limit', false, 'quota_exceeded']);
  // A key id sent as a key: a 400 whose type says what it is.
  fake.enqueue({ type: 'detail', status: 400, detail: { type: 'authentication_error', message: 'API key ID used as API key - only valid API keys can be used.' } });
  const key = await expectProviderError(speak());
  assert.equal([key.code, key.retryable], ['authentication', false]);
  assert.match(key.message, /only valid API keys/);
  fake.enqueue({ type: 'detail', status: 404, detail: { type: 'not_found_error', code: 'voice_not_found', message: 'A voice with the voice_id x was not found.', request_id: 'req_2' } });
  const voice = await expectProviderError(speak());
  assert.equal([voice.code, voice.providerCode], ['not_found', 'voice_not_found']);
  fake.enqueue({ type: 'detail', status: 401, detail: { type: 'authentication_error', code: 'unauthorized', status: 'missing_permissions', message: 'The API key you used is missing the permission text_to_speech.' } });
  const permission = await expectProviderError(speak());
  assert.equal([permission.code, permission.providerCode], ['permission', 'missing_permissions']);
});

test('speech arrives before the upstream finishes; an abort then fails mid-stream and closes the request', async () => {
  fake.enqueue({ type: 'stream-hang' });
  const controller = new AbortController();
  const audio = await client.speak!({ model: 'eleven_multilingual_v2', input: 'A long text to speak', voice: rachel, format: 'mp3' }, testCallOptions(controller.signal));
  const reader = audio.body[Symbol.asyncIterator]();
  const first = await reader.next();
  assert.ok(!first.done && first.value.byteLength > 0);
  const rest = reader.next();
  controller.abort();
  const error = await expectProviderError(rest);
  assert.equal([error.code, error.phase], ['aborted', 'mid-stream']);
  await within(fake.clientClosed(), 'the upstream request closed');
});

test.run();
