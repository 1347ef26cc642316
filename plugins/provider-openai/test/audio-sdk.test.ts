/**
 * The official `openai` SDK against the fake's Audio API: transcriptions in every response format
 * and streamed, translations, speech as bytes and as SSE, and the errors OpenAI answers.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import OpenAI, { toFile } from 'openai';
import { startOpenAIFakeUpstream } from './fake-openai-upstream.ts';
import { fakeTranscript } from './fake-openai/serve-audio-endpoints.ts';
import { sampleWav } from './sample-wav.ts';

const fake = await startOpenAIFakeUpstream();
const client = new OpenAI({ apiKey: fake.apiKey, baseURL: fake.provider.baseUrl, maxRetries: 0 });
test.before.each(() => fake.reset());
test.after(() => fake.close());

const wav = sampleWav(2);
const file = () => toFile(wav, 'speech.wav');

test('json transcription with whisper-1 carries usage in seconds; gpt-4o-transcribe in tokens', async () => {
  const whisper = await client.audio.transcriptions.create({ file: await file(), model: 'whisper-1' });
  assert.is(whisper.text, fakeTranscript);
  assert.equal(whisper.usage, { type: 'duration', seconds: 2 });
  const sent = fake.lastRequest().body as Record<string, unknown>;
  assert.equal(sent.file, { filename: 'speech.wav', contentType: 'application/octet-stream', bytes: wav.length });
  assert.is(sent.model, 'whisper-1');
  const gpt = await client.audio.transcriptions.create({ file: await file(), model: 'gpt-4o-transcribe' });
  assert.is(gpt.usage?.type, 'tokens');
  assert.is((gpt.usage as { input_token_details: { audio_tokens: number } }).input_token_details.audio_tokens, 20);
});

test('verbose_json with word and segment timestamps', async () => {
  const result = await client.audio.transcriptions.create({
    file: await file(),
    model: 'whisper-1',
    response_format: 'verbose_json',
    timestamp_granularities: ['word', 'segment'],
    language: 'en',
    temperature: 0,
  });
  assert.is(result.language, 'english');
  assert.is(result.duration, 2);
  assert.is(result.words?.length, 9);
  assert.is(result.segments?.[0].end, 2);
  const sent = fake.lastRequest().body as Record<string, unknown>;
  assert.equal(sent['timestamp_granularities[]'], ['word', 'segment']);
  assert.is(sent.language, 'en');
  assert.is(sent.temperature, '0');
});

test('text, srt and vtt come back as plain text', async () => {
  const text = await client.audio.transcriptions.create({ file: await file(), model: 'whisper-1', response_format: 'text' });
  assert.is(text, `${fakeTranscript}\n`);
  const srt = await client.audio.transcriptions.create({ file: await file(), model: 'whisper-1', response_format: 'srt' });
  assert.match(srt, /^1\n00:00:00,000 --> 00:00:02,000\n/);
  const vtt = await client.audio.transcriptions.create({ file: await file(), model: 'whisper-1', response_format: 'vtt' });
  assert.match(vtt, /^WEBVTT\n\n00:00:00.000 --> 00:00:02.000\n/);
});

test('a streamed transcription yields transcript.text.delta events and one done with usage', async () => {
  const stream = await client.audio.transcriptions.create({ file: await file(), model: 'gpt-4o-mini-transcribe', stream: true });
  let text = '';
  let done: string | undefined;
  for await (const event of stream) {
    if (event.type === 'transcript.text.delta') text += event.delta;
    if (event.type === 'transcript.text.done') {
      done = event.text;
      assert.is(event.usage?.type, 'tokens');
    }
  }
  assert.is(text, fakeTranscript);
  assert.is(done, fakeTranscript);
  assert.is(fake.lastRequest().stream, true);
});

test('translations take whisper-1 only', async () => {
  const result = await client.audio.translations.create({ file: await file(), model: 'whisper-1' });
  assert.is(result.text, fakeTranscript);
  try {
    await client.audio.translations.create({ file: await file(), model: 'gpt-4o-transcribe' });
    assert.unreachable('should have thrown');
  } catch (error) {
    assert.instance(error, OpenAI.BadRequestError);
  }
});

test('gpt-4o-transcribe refuses verbose_json as OpenAI does', async () => {
  try {
    await client.audio.transcriptions.create({ file: await file(), model: 'gpt-4o-transcribe', response_format: 'verbose_json' });
    assert.unreachable('should have thrown');
  } catch (error) {
    assert.instance(error, OpenAI.BadRequestError);
    assert.is((error as InstanceType<typeof OpenAI.BadRequestError>).param, 'response_format');
  }
});

test('speech comes back as bytes in the asked format', async () => {
  const response = await client.audio.speech.create({ model: 'gpt-4o-mini-tts', voice: 'coral', input: 'Hello there', response_format: 'wav' });
  const bytes = Buffer.from(await response.arrayBuffer());
  assert.is(bytes.toString('latin1', 0, 4), 'RIFF');
  assert.is(bytes.readUInt32LE(24), 24_000);
  assert.is(bytes.length, 44 + Math.round(11 * 0.06 * 24_000) * 2);
  assert.is(fake.lastRequest().headers.accept, 'application/octet-stream');
  const mp3 = await client.audio.speech.create({ model: 'tts-1', voice: 'alloy', input: 'Hello there' });
  assert.is(Buffer.from(await mp3.arrayBuffer()).toString('latin1', 0, 3), 'ID3');
  assert.is((fake.lastRequest().body as { response_format?: string }).response_format, undefined);
});

test('speech with stream_format sse gives speech.audio.delta events and a done with usage', async () => {
  const response = await client.audio.speech.create({ model: 'gpt-4o-mini-tts', voice: 'coral', input: 'Hello there', response_format: 'pcm', stream_format: 'sse' });
  const events = (await response.text()).split('\n\n').filter(Boolean).map((line) => JSON.parse(line.replace(/^data: /, '')) as Record<string, unknown>);
  const audio = Buffer.concat(events.filter((event) => event.type === 'speech.audio.delta').map((event) => Buffer.from(String(event.audio), 'base64')));
  assert.is(audio.length, Math.round(11 * 0.06 * 24_000) * 2);
  assert.is(events.at(-1)?.type, 'speech.audio.done');
  assert.is((events.at(-1)?.usage as { input_tokens: number }).input_tokens, 3);
});

test('speech errors: an unknown voice, sse on tts-1, a wrong key', async () => {
  const refused = async (work: Promise<unknown>, status: number): Promise<InstanceType<typeof OpenAI.APIError>> => {
    let outcome: unknown;
    try {
      await work;
    } catch (error) {
      outcome = error;
    }
    assert.instance(outcome, OpenAI.APIError);
    assert.is((outcome as InstanceType<typeof OpenAI.APIError>).status, status);
    return outcome as InstanceType<typeof OpenAI.APIError>;
  };
  const voice = await refused(client.audio.speech.create({ model: 'tts-1', voice: 'bob', input: 'hi' }), 400);
  assert.is(voice.param, 'voice');
  await refused(client.audio.speech.create({ model: 'tts-1', voice: 'alloy', input: 'hi', stream_format: 'sse' }), 400);
  const stranger = new OpenAI({ apiKey: 'sk-wrong-key-0000000000', baseURL: fake.provider.baseUrl, maxRetries: 0 });
  await refused(stranger.audio.speech.create({ model: 'tts-1', voice: 'alloy', input: 'hi' }), 401);
});

test.run();
