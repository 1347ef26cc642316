/**
 * The `openai` audio plugin (and its OpenAI-compatible audio presets) against the fake OpenAI
 * upstream: what goes on the wire, what comes back, streaming, errors and cancellation.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHttpClient, silentLogger, type AudioClient, type AudioFile, type AudioPlugin } from '@conduit/plugin-api';
import { expectProviderError, testCallOptions, within } from '@conduit/plugin-api/conformance';
import plugins from '../src/index.ts';
import { startOpenAIFakeUpstream } from './fake-openai-upstream.ts';
import { fakeTranscript } from './fake-openai/serve-audio-endpoints.ts';
import { sampleWav } from './sample-wav.ts';

const audioPlugins = plugins.filter((plugin): plugin is AudioPlugin<unknown> => plugin.kind === 'audio');
const plugin = audioPlugins.find((candidate) => candidate.name === 'openai')!;
const fake = await startOpenAIFakeUpstream();
const http = createHttpClient({ timeouts: { connectMs: 5000, firstByteMs: 5000, idleMs: 5000 } });
const clientOf = (audio: AudioPlugin<unknown>, credentials = fake.provider.credentials): AudioClient =>
  audio.create({
    provider: { id: 'p1', name: audio.name, type: audio.name },
    baseUrl: fake.provider.baseUrl,
    credentials,
    options: {},
    pluginOptions: {},
    http,
    logger: silentLogger,
  });
const client = clientOf(plugin);
test.before.each(() => fake.reset());
test.after(async () => {
  await fake.close();
  await http.close();
});

const wav = sampleWav(3);
/** The upload in small pieces, as the gateway would pass it on while it arrives. */
const upload = (): AudioFile => ({
  body: (async function* () {
    for (let at = 0; at < wav.length; at += 8192) yield wav.subarray(at, at + 8192);
  })(),
  filename: 'clip.wav',
  format: 'wav',
  contentType: 'audio/wav',
  bytes: wav.length,
});

test('the package exports chat and audio plugins named openai, and the audio presets share the account fields', () => {
  assert.ok(plugins.some((candidate) => candidate.kind === 'provider' && candidate.name === 'openai'));
  assert.equal(audioPlugins.map((candidate) => candidate.name), ['openai', 'groq', 'speaches', 'kokoro', 'localai']);
  for (const audio of audioPlugins) {
    const chat = plugins.find((candidate) => candidate.kind === 'provider' && candidate.name === audio.name);
    if (chat && chat.kind === 'provider') {
      assert.is(audio.defaultBaseUrl, chat.defaultBaseUrl, `${audio.name} base URL`);
      assert.is(audio.displayName, chat.displayName);
      assert.equal(audio.optionsSchema, chat.optionsSchema);
    }
    assert.is(audio.apiVersion, 2);
  }
  const kokoro = audioPlugins.find((candidate) => candidate.name === 'kokoro')!;
  assert.is(kokoro.defaultBaseUrl, 'http://localhost:8880/v1');
  const kokoroClient = clientOf(kokoro);
  assert.is(typeof kokoroClient.speak, 'function');
  assert.is(kokoroClient.transcribe, undefined);
  const groq = clientOf(audioPlugins.find((candidate) => candidate.name === 'groq')!);
  assert.is(groq.speak, undefined);
  assert.is(typeof groq.translate, 'function');
});

test('model capabilities: which OpenAI models speak, transcribe and stream', () => {
  const caps = (model: string) => ({ ...plugin.capabilities, ...plugin.modelCapabilities?.(model) });
  assert.equal([caps('whisper-1').transcribe, caps('whisper-1').translate, caps('whisper-1').transcribeStream, caps('whisper-1').speak], [true, true, false, false]);
  assert.equal([caps('gpt-4o-transcribe').transcribeStream, caps('gpt-4o-transcribe').translate, caps('gpt-4o-mini-transcribe').speak], [true, false, false]);
  for (const model of ['tts-1', 'tts-1-hd', 'gpt-4o-mini-tts']) {
    assert.equal([caps(model).speak, caps(model).speakStream, caps(model).transcribe], [true, true, false], model);
  }
  assert.not.ok(caps('tts-1').voices?.some((voice) => voice.id === 'marin'));
  assert.ok(caps('gpt-4o-mini-tts').voices?.some((voice) => voice.id === 'marin'));
});

test('transcribe sends every field as multipart and reads verbose_json with usage in seconds', async () => {
  const result = await client.transcribe!(
    { model: 'whisper-1', file: upload(), language: 'en', prompt: 'A pangram.', temperature: 0.2, timestampGranularities: ['word', 'segment'] },
    testCallOptions(),
  );
  const sent = fake.lastRequest();
  assert.is(sent.path, '/v1/audio/transcriptions');
  assert.match(String(sent.headers['content-type']), /^multipart\/form-data; boundary=/);
  assert.is(sent.headers.authorization, `Bearer ${fake.apiKey}`);
  assert.equal(sent.body, {
    file: { filename: 'clip.wav', contentType: 'audio/wav', bytes: wav.length },
    model: 'whisper-1',
    language: 'en',
    prompt: 'A pangram.',
    response_format: 'verbose_json',
    'timestamp_granularities[]': ['word', 'segment'],
    temperature: '0.2',
  });
  assert.is(result.text, fakeTranscript);
  assert.is(result.durationSeconds, 3);
  assert.is(result.words?.length, 9);
  assert.is(result.segments?.length, 1);
  assert.equal(result.usage, { seconds: 3 });
});

test('transcribe with a gpt-4o model asks json and reads token usage', async () => {
  const result = await client.transcribe!({ model: 'gpt-4o-transcribe', file: upload() }, testCallOptions());
  assert.is((fake.lastRequest().body as Record<string, unknown>).response_format, 'json');
  assert.equal(result.usage, { inputTokens: 33, outputTokens: 11, inputAudioTokens: 30, inputTextTokens: 3 });
});

test('a gpt-4o transcription asked for srt, vtt or timestamps asks json (the model refuses verbose_json) and is rendered by the gateway', async () => {
  for (const responseFormat of ['srt', 'vtt', 'verbose_json'] as const) {
    const result = await client.transcribe!({ model: 'gpt-4o-transcribe', file: upload(), responseFormat, timestampGranularities: ['segment'] }, testCallOptions());
    const sent = fake.lastRequest().body as Record<string, unknown>;
    assert.is(sent.response_format, 'json', responseFormat);
    assert.is(sent['timestamp_granularities[]'], undefined);
    assert.is(result.text, fakeTranscript);
    assert.equal(result.usage?.inputAudioTokens, 30);
  }
  // whisper-1 still gets verbose_json, with its segments.
  const whisper = await client.transcribe!({ model: 'whisper-1', file: upload(), responseFormat: 'srt' }, testCallOptions());
  assert.is((fake.lastRequest().body as Record<string, unknown>).response_format, 'verbose_json');
  assert.is(whisper.segments?.length, 1);
});

test('transcribeStream yields the deltas, then done with usage; whisper-1 (which ignores stream) yields done only', async () => {
  const events = [];
  for await (const event of client.transcribeStream!({ model: 'gpt-4o-mini-transcribe', file: upload() }, testCallOptions())) events.push(event);
  assert.is(events.length, 10);
  assert.is(events.filter((event) => event.type === 'delta').map((event) => (event.type === 'delta' ? event.text : '')).join(''), fakeTranscript);
  const done = events.at(-1);
  assert.ok(done?.type === 'done' && done.transcription.text === fakeTranscript && done.transcription.usage?.inputAudioTokens === 30);
  assert.is((fake.lastRequest().body as Record<string, unknown>).stream, true);
  const whisper = [];
  for await (const event of client.transcribeStream!({ model: 'whisper-1', file: upload() }, testCallOptions())) whisper.push(event);
  assert.equal(whisper.map((event) => event.type), ['done']);
});

test('a diarizing model is asked for diarized_json with chunking_strategy auto and no prompt, and its speakers are kept', async () => {
  const long = sampleWav(31);
  const file = (): AudioFile => ({ body: (async function* () { yield long; })(), filename: 'call.wav', format: 'wav', contentType: 'audio/wav', bytes: long.length });
  const result = await client.transcribe!({ model: 'gpt-4o-transcribe-diarize', file: file(), prompt: 'A call.', responseFormat: 'srt' }, testCallOptions());
  const sent = fake.lastRequest().body as Record<string, unknown>;
  assert.equal([sent.response_format, sent.chunking_strategy, sent.prompt], ['diarized_json', 'auto', undefined]);
  assert.is(result.text, fakeTranscript);
  assert.equal(result.segments?.map((segment) => segment.speaker), ['A', 'B']);
  assert.equal(result.durationSeconds, 31);
});

test('a diarized transcript stream keeps its transcript.text.segment events (who spoke when) in done', async () => {
  const events = [];
  for await (const event of client.transcribeStream!({ model: 'gpt-4o-transcribe-diarize', file: upload() }, testCallOptions())) events.push(event);
  const done = events.at(-1);
  assert.ok(done?.type === 'done');
  assert.is(done.transcription.text, fakeTranscript);
  assert.equal(done.transcription.segments, [
    { id: 'seg_001', start: 0, end: 1.5, text: 'The quick brown fox jumps', speaker: 'A' },
    { id: 'seg_002', start: 1.5, end: 3, text: 'over the lazy dog.', speaker: 'B' },
  ]);
});

test('a transcript stream cut before done fails mid-stream', async () => {
  fake.enqueue({ type: 'raw', status: 200, headers: { 'content-type': 'text/event-stream' }, body: ['data: {"type":"transcript.text.delta","delta":"Hel"}\n\n'] });
  const texts: string[] = [];
  const error = await expectProviderError(
    (async () => {
      for await (const event of client.transcribeStream!({ model: 'gpt-4o-transcribe', file: upload() }, testCallOptions())) if (event.type === 'delta') texts.push(event.text);
    })(),
  );
  assert.equal(texts, ['Hel']);
  assert.is(error.phase, 'mid-stream');
  assert.is(error.code, 'invalid_response');
});

test('speaches streams each segment as an untyped {text} event and ends the body without done: the segments are the transcript', async () => {
  const speaches = clientOf(audioPlugins.find((candidate) => candidate.name === 'speaches')!);
  // What speaches' segments_to_streaming_response sends for response_format json: one `json` answer per segment.
  fake.enqueue({ type: 'raw', status: 200, headers: { 'content-type': 'text/event-stream; charset=utf-8' }, body: ['data: {"text":"The quick brown fox"}\n\n', 'data: {"text":"jumps over the lazy dog."}\n\n'] });
  const events = [];
  for await (const event of speaches.transcribeStream!({ model: 'whisper-1', file: upload() }, testCallOptions())) events.push(event);
  assert.equal(events, [
    { type: 'delta', text: 'The quick brown fox' },
    { type: 'delta', text: ' jumps over the lazy dog.' },
    { type: 'done', transcription: { text: fakeTranscript } },
  ]);
  // An OpenAI stream that is cut still fails, even after an untyped event.
  fake.enqueue({ type: 'raw', status: 200, headers: { 'content-type': 'text/event-stream' }, body: ['data: {"type":"transcript.text.delta","delta":"Hel"}\n\n'] });
  const error = await expectProviderError((async () => { for await (const _ of speaches.transcribeStream!({ model: 'gpt-4o-transcribe', file: upload() }, testCallOptions())); })());
  assert.is(error.code, 'invalid_response');
});

test('an error event in the transcript stream (event: error, data without a type) fails with its message instead of being skipped', async () => {
  fake.enqueue({
    type: 'raw',
    status: 200,
    headers: { 'content-type': 'text/event-stream' },
    body: ['data: {"type":"transcript.text.delta","delta":"Hel"}\n\n', 'event: error\ndata: {"message":"The server had an error while processing your request.","code":"server_error"}\n\n'],
  });
  const error = await expectProviderError((async () => { for await (const _ of client.transcribeStream!({ model: 'gpt-4o-transcribe', file: upload() }, testCallOptions())); })());
  assert.equal([error.code, error.phase], ['server', 'mid-stream']);
  assert.match(error.message, 'The server had an error');
});

test('LocalAI segment times are Go durations (nanoseconds) and are read as seconds', async () => {
  const localai = clientOf(audioPlugins.find((candidate) => candidate.name === 'localai')!);
  // LocalAI's TranscriptionResult: segments with time.Duration start/end, tokens, and the text.
  const body = JSON.stringify({ segments: [{ id: 0, start: 0, end: 1_500_000_000, text: ' The quick brown fox', tokens: [440, 2068] }, { id: 1, start: 1_500_000_000, end: 3_020_000_000, text: ' jumps over the lazy dog.', tokens: [18] }], text: ' The quick brown fox jumps over the lazy dog.' });
  fake.enqueue({ type: 'raw', status: 200, headers: { 'content-type': 'application/json' }, body });
  const result = await localai.transcribe!({ model: 'whisper-1', file: upload(), responseFormat: 'srt' }, testCallOptions());
  assert.equal(result.segments?.map((segment) => [segment.start, segment.end]), [[0, 1.5], [1.5, 3.02]]);
});

test('translate posts to /audio/translations', async () => {
  const result = await client.translate!({ model: 'whisper-1', file: upload(), prompt: 'English please' }, testCallOptions());
  assert.is(fake.lastRequest().path, '/v1/audio/translations');
  assert.is(result.text, fakeTranscript);
  const refused = await expectProviderError(client.translate!({ model: 'gpt-4o-transcribe', file: upload() }, testCallOptions()));
  assert.is(refused.code, 'bad_request');
});

test('speak sends OpenAI fields and relays the bytes with the content type of the format', async () => {
  const audio = await client.speak!({ model: 'gpt-4o-mini-tts', input: 'Hello there', voice: 'coral', format: 'wav', instructions: 'Cheerful', speed: 1.25 }, testCallOptions());
  // gpt-4o-mini-tts is asked for speech.audio.delta events: their done event carries the token usage.
  assert.equal(fake.lastRequest().body, { model: 'gpt-4o-mini-tts', input: 'Hello there', voice: 'coral', response_format: 'wav', instructions: 'Cheerful', speed: 1.25, stream_format: 'sse' });
  assert.is(audio.contentType, 'audio/wav');
  const pieces: Uint8Array[] = [];
  for await (const piece of audio.body) pieces.push(piece);
  const bytes = Buffer.concat(pieces);
  assert.is(bytes.toString('latin1', 0, 4), 'RIFF');
  const wavBytes = 44 + Math.round(11 * 0.06 * 24_000) * 2;
  assert.is(bytes.length, wavBytes);
  assert.equal(audio.usage?.(), { inputTokens: Math.ceil(11 / 4), outputTokens: Math.ceil(wavBytes / 1000) });
  // tts-1 refuses sse: it is asked for the raw bytes.
  const mp3 = await client.speak!({ model: 'tts-1', input: 'Hi', voice: 'alloy', format: 'mp3' }, testCallOptions());
  assert.is((fake.lastRequest().body as Record<string, unknown>).stream_format, undefined);
  assert.is(mp3.contentType, 'audio/mpeg');
  await mp3.body[Symbol.asyncIterator]().return?.();
});

test('a speech event stream cut before speech.audio.done fails mid-stream; an error event fails with its message', async () => {
  const delta = `data: {"type":"speech.audio.delta","audio":"${Buffer.from('RIFF').toString('base64')}"}\n\n`;
  fake.enqueue({ type: 'raw', status: 200, headers: { 'content-type': 'text/event-stream' }, body: [delta] });
  const cut = await client.speak!({ model: 'gpt-4o-mini-tts', input: 'Hello', voice: 'coral', format: 'wav' }, testCallOptions());
  const got: Uint8Array[] = [];
  const error = await expectProviderError((async () => { for await (const piece of cut.body) got.push(piece); })());
  assert.is(Buffer.concat(got).toString('latin1'), 'RIFF');
  assert.equal([error.code, error.phase], ['invalid_response', 'mid-stream']);
  fake.enqueue({ type: 'raw', status: 200, headers: { 'content-type': 'text/event-stream' }, body: [delta, 'data: {"type":"error","error":{"type":"server_error","message":"The server had an error while processing your request."}}\n\n'] });
  const failed = await client.speak!({ model: 'gpt-4o-mini-tts', input: 'Hello', voice: 'coral', format: 'wav' }, testCallOptions());
  const failure = await expectProviderError((async () => { for await (const _ of failed.body); })());
  assert.match(failure.message, 'The server had an error');
});

test('speak resolves on the first bytes; an abort while the rest is awaited fails mid-stream with aborted', async () => {
  fake.enqueue({ type: 'stream-hang', textBefore: '' });
  const controller = new AbortController();
  const audio = await within(client.speak!({ model: 'tts-1', input: 'A long sentence', voice: 'alloy', format: 'pcm' }, testCallOptions(controller.signal)), 'speak resolved before the upstream finished');
  const reader = audio.body[Symbol.asyncIterator]();
  const first = await reader.next();
  assert.ok(!first.done && first.value.byteLength > 0, 'the first bytes arrived');
  const rest = reader.next();
  controller.abort();
  const error = await expectProviderError(rest);
  assert.is(error.code, 'aborted');
  assert.is(error.phase, 'mid-stream');
  await within(fake.clientClosed(), 'the upstream request was closed');
});

test('errors: a wrong key is authentication without the key; a 429 keeps Retry-After', async () => {
  const stranger = clientOf(plugin, { apiKey: 'sk-not-the-right-key-123456' });
  const error = await expectProviderError(stranger.transcribe!({ model: 'whisper-1', file: upload() }, testCallOptions()));
  assert.is(error.code, 'authentication');
  assert.not.match(error.message, 'sk-not-the-right-key-123456');
  fake.enqueue({ type: 'http-error', status: 429, message: 'Rate limit reached', retryAfterSeconds: 2 });
  const limited = await expectProviderError(client.speak!({ model: 'tts-1', input: 'Hi', voice: 'alloy', format: 'mp3' }, testCallOptions()));
  assert.equal([limited.code, limited.retryAfterMs, limited.retryable], ['rate_limit', 2000, true]);
});

test('a Kokoro-FastAPI error ({detail: {error, message, type}}) keeps its message and code', async () => {
  const kokoro = clientOf(audioPlugins.find((candidate) => candidate.name === 'kokoro')!);
  // What Kokoro-FastAPI's /v1/audio/speech raises for a ValueError (an unknown voice).
  const body = JSON.stringify({ detail: { error: 'validation_error', message: "Voice 'nobody' not found", type: 'invalid_request_error' } });
  fake.enqueue({ type: 'raw', status: 400, headers: { 'content-type': 'application/json' }, body });
  const error = await expectProviderError(kokoro.speak!({ model: 'tts-1', input: 'Hi', voice: 'alloy', format: 'mp3' }, testCallOptions()));
  assert.equal([error.code, error.providerCode], ['bad_request', 'validation_error']);
  assert.match(error.message, "Voice 'nobody' not found");
  assert.not.match(error.message, '{');
});

test('an upload over the provider size limit (413) is a bad request about the file, not context_length', async () => {
  const body = JSON.stringify({ error: { message: 'Maximum content size limit (26214400) exceeded (26234567 bytes read)', type: 'server_error', param: null, code: null } });
  fake.enqueue({ type: 'raw', status: 413, headers: { 'content-type': 'application/json' }, body });
  const error = await expectProviderError(client.transcribe!({ model: 'whisper-1', file: upload() }, testCallOptions()));
  assert.equal([error.code, error.status, error.param, error.retryable], ['bad_request', 413, 'file', false]);
  assert.match(error.message, 'Maximum content size limit');
});

test('listVoices gives the declared voices; health asks /models', async () => {
  const voices = await client.listVoices!(testCallOptions());
  assert.ok(voices.some((voice) => voice.id === 'alloy') && voices.some((voice) => voice.id === 'cedar'));
  await client.health!(testCallOptions());
  assert.is(fake.lastRequest().path, '/v1/models');
  fake.setModelsReply({ type: 'http-error', status: 503, message: 'down' });
  const error = await expectProviderError(client.health!(testCallOptions()));
  assert.is(error.status, 503);
});

test.run();
