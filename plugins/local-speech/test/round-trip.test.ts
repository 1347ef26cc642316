/**
 * The real engines, no fake: espeak-ng speaks a phrase, pocketsphinx transcribes it back with a
 * phrase list, and the phrase is recovered; through ffmpeg formats too; limits, timeouts, aborts.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { silentLogger, createHttpClient, type AudioClient, type AudioFile, type SpeechAudio } from '@conduit/plugin-api';
import { expectProviderError, testCallOptions } from '@conduit/plugin-api/conformance';
import { createLocalSpeechPlugin } from '../src/index.ts';
import type { LocalSpeechOptions } from '../src/local-speech-client.ts';
import { enginesMissing } from './engines.ts';

const phrases = ['hello world this is a test', 'what time is it', 'goodbye world'];
const http = createHttpClient();
const plugin = createLocalSpeechPlugin();
const clientWith = (options: LocalSpeechOptions): AudioClient =>
  plugin.create({ provider: { id: 'l', name: 'local', type: 'local-speech' }, baseUrl: 'http://localhost', credentials: {}, options: { ...options }, pluginOptions: {}, http, logger: silentLogger });
const client = clientWith({ phrases });

async function bytesOf(audio: SpeechAudio): Promise<Buffer> {
  const pieces: Uint8Array[] = [];
  for await (const piece of audio.body) pieces.push(piece);
  return Buffer.concat(pieces);
}
const upload = (bytes: Buffer, format: string): AudioFile => ({
  body: (async function* () {
    for (let at = 0; at < bytes.length; at += 4096) yield bytes.subarray(at, at + 4096);
  })(),
  filename: `speech.${format}`,
  format,
  contentType: `audio/${format}`,
  bytes: bytes.length,
});

const missing = enginesMissing();
const run = missing ? test.skip : test;

run('speak a phrase as WAV, transcribe it back with the phrase list, recover the phrase', async () => {
  const audio = await client.speak!({ model: 'espeak-ng', input: 'Hello world, this is a test.', voice: 'en-us', format: 'wav' }, testCallOptions());
  assert.is(audio.contentType, 'audio/wav');
  const wav = await bytesOf(audio);
  assert.is(wav.toString('latin1', 0, 4), 'RIFF');
  assert.is(wav.readUInt32LE(4), wav.length - 8, 'the RIFF size is the real one');
  assert.is(wav.readUInt32LE(24), 22_050);
  const result = await client.transcribe!({ model: 'pocketsphinx-en-us', file: upload(wav, 'wav'), language: 'en' }, testCallOptions());
  assert.is(result.text, 'hello world this is a test');
  assert.ok(result.durationSeconds! > 1 && result.durationSeconds! < 4, `duration ${result.durationSeconds}`);
  assert.equal(result.usage, { seconds: result.durationSeconds });
});

run('another phrase through mp3 (ffmpeg both ways) is recovered too', async () => {
  const audio = await client.speak!({ model: 'espeak-ng', input: 'What time is it?', voice: 'en-us', format: 'mp3' }, testCallOptions());
  assert.is(audio.contentType, 'audio/mpeg');
  const mp3 = await bytesOf(audio);
  assert.ok(mp3.toString('latin1', 0, 3) === 'ID3' || (mp3[0] === 0xff && (mp3[1]! & 0xe0) === 0xe0), 'an MPEG audio file');
  const result = await client.transcribe!({ model: 'pocketsphinx-en-us', file: upload(mp3, 'mp3') }, testCallOptions());
  assert.is(result.text, 'what time is it');
});

run('pcm is raw 24 kHz s16le; flac and opus carry their magic', async () => {
  const pcm = await bytesOf(await client.speak!({ model: 'espeak-ng', input: 'Goodbye world', voice: 'en-us', format: 'pcm' }, testCallOptions()));
  const wav = await bytesOf(await client.speak!({ model: 'espeak-ng', input: 'Goodbye world', voice: 'en-us', format: 'wav' }, testCallOptions()));
  const expected = ((wav.length - 44) / 2 / 22_050) * 24_000 * 2;
  assert.ok(Math.abs(pcm.length - expected) < 2000, `pcm ${pcm.length} bytes, about ${expected}`);
  assert.is((await bytesOf(await client.speak!({ model: 'espeak-ng', input: 'Goodbye', voice: 'en-us', format: 'flac' }, testCallOptions()))).toString('latin1', 0, 4), 'fLaC');
  assert.is((await bytesOf(await client.speak!({ model: 'espeak-ng', input: 'Goodbye', voice: 'en-us', format: 'opus' }, testCallOptions()))).toString('latin1', 0, 4), 'OggS');
});

run('a JSGF grammar option works like the phrase list; voices are listed by language', async () => {
  const grammar = '#JSGF V1.0;\ngrammar g;\npublic <s> = goodbye world | good morning;\n';
  const wav = await bytesOf(await client.speak!({ model: 'espeak-ng', input: 'Goodbye world', voice: 'en-gb', format: 'wav' }, testCallOptions()));
  const result = await clientWith({ grammar }).transcribe!({ model: 'pocketsphinx-en-us', file: upload(wav, 'wav') }, testCallOptions());
  assert.is(result.text, 'goodbye world');
  const voices = await client.listVoices!(testCallOptions());
  assert.ok(voices.some((voice) => voice.id === 'en-us' && voice.languages?.[0] === 'en'));
  assert.ok(voices.some((voice) => voice.id === 'de' && voice.languages?.[0] === 'de'));
  await client.health!(testCallOptions());
});

run('refusals: an unknown voice, a language other than English, an unreadable upload, a time limit', async () => {
  const voice = await expectProviderError(client.speak!({ model: 'espeak-ng', input: 'Hi', voice: 'xx-nope', format: 'wav' }, testCallOptions()));
  assert.equal([voice.code, voice.param], ['bad_request', 'voice']);
  const language = await expectProviderError(client.transcribe!({ model: 'pocketsphinx-en-us', file: upload(Buffer.alloc(100), 'wav'), language: 'de' }, testCallOptions()));
  assert.is(language.code, 'unsupported');
  const garbage = await expectProviderError(client.transcribe!({ model: 'pocketsphinx-en-us', file: upload(Buffer.from('this is not audio at all'), 'wav') }, testCallOptions()));
  assert.is(garbage.code, 'server');
  assert.match(garbage.message, /^ffmpeg failed/);
  const slow = clientWith({ phrases, timeoutMs: 100 });
  const long = 'This sentence is long enough to take a while to speak. '.repeat(200);
  const timeout = await expectProviderError(slow.speak!({ model: 'espeak-ng', input: long, voice: 'en-us', format: 'mp3' }, testCallOptions()));
  assert.is(timeout.code, 'timeout');
});

run('an abort kills the engine and a queued call leaves the queue', async () => {
  const single = clientWith({ concurrency: 1 });
  const long = 'This sentence is long enough to take a while to speak. '.repeat(200);
  const controller = new AbortController();
  const first = single.speak!({ model: 'espeak-ng', input: long, voice: 'en-us', format: 'mp3' }, testCallOptions(controller.signal));
  const queuedController = new AbortController();
  const queued = single.speak!({ model: 'espeak-ng', input: 'Hi', voice: 'en-us', format: 'wav' }, testCallOptions(queuedController.signal));
  // Both are awaited below; keep their rejections handled meanwhile.
  first.catch(() => undefined);
  queued.catch(() => undefined);
  await new Promise((resolve) => setTimeout(resolve, 50));
  queuedController.abort();
  controller.abort();
  assert.is((await expectProviderError(first)).code, 'aborted');
  assert.is((await expectProviderError(queued)).code, 'aborted');
  const after = await bytesOf(await single.speak!({ model: 'espeak-ng', input: 'Hi', voice: 'en-us', format: 'wav' }, testCallOptions()));
  assert.ok(after.length > 44, 'the engine slot was released');
});

test('without the binaries the client is still created; health and calls name what is missing', async () => {
  const bare = createLocalSpeechPlugin({ searchPath: '/nonexistent', modelDir: '/nonexistent' }).create({
    provider: { id: 'b', name: 'bare', type: 'local-speech' },
    baseUrl: 'http://localhost',
    credentials: {},
    options: {},
    pluginOptions: {},
    http,
    logger: silentLogger,
  });
  const health = await expectProviderError(bare.health!(testCallOptions()));
  assert.match(health.message, /espeak-ng is not installed/);
  const speak = await expectProviderError(bare.speak!({ model: 'espeak-ng', input: 'Hi', voice: 'en-us', format: 'wav' }, testCallOptions()));
  assert.equal([speak.code, speak.retryable], ['unsupported', false]);
  const transcribe = await expectProviderError(bare.transcribe!({ model: 'pocketsphinx-en-us', file: upload(Buffer.alloc(10), 'wav') }, testCallOptions()));
  assert.match(transcribe.message, /pocketsphinx_continuous is not installed/);
});

test.after(() => http.close());
test.run();
