/** The official `openai` SDK's AzureOpenAI client against the fake's audio deployments: proves the fake speaks Azure's audio format. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AzureOpenAI, NotFoundError, AuthenticationError, BadRequestError, toFile } from 'openai';
import { fakeAzureApiVersion, startAzureOpenAIFakeUpstream } from './fake-azure-openai-upstream.ts';
import { fakeAzureTranscript } from './fake/serve-azure-audio.ts';
import { sampleWav } from '../../provider-openai/test/sample-wav.ts';

const fake = await startAzureOpenAIFakeUpstream();
const client = (deployment: string, apiKey = fake.provider.credentials.apiKey): AzureOpenAI =>
  new AzureOpenAI({ apiKey, endpoint: fake.provider.baseUrl, apiVersion: fakeAzureApiVersion, deployment, maxRetries: 0 });
const wav = sampleWav(1);

test.before.each(() => fake.reset());
test.after(() => fake.close());

test('a transcription goes to the deployment URL with api-version and the api-key header, and answers json', async () => {
  const answer = await client('whisper').audio.transcriptions.create({ file: await toFile(wav, 'a.wav'), model: 'whisper-1' });
  assert.is(answer.text, fakeAzureTranscript);
  const seen = fake.lastRequest();
  assert.is(seen.path, `/openai/deployments/whisper/audio/transcriptions?api-version=${fakeAzureApiVersion}`);
  assert.is(seen.headers['api-key'], fake.provider.credentials.apiKey);
  assert.is(seen.headers.authorization, undefined);
});

test('text and srt transcripts come back as plain text, verbose_json with segments', async () => {
  const text = await client('whisper').audio.transcriptions.create({ file: await toFile(wav, 'a.wav'), model: 'whisper-1', response_format: 'text' });
  assert.is(text, `${fakeAzureTranscript}\n`);
  const srt = await client('whisper').audio.transcriptions.create({ file: await toFile(wav, 'a.wav'), model: 'whisper-1', response_format: 'srt' });
  assert.match(srt, /^1\n00:00:00,000 --> /);
  const verbose = await client('whisper').audio.transcriptions.create({ file: await toFile(wav, 'a.wav'), model: 'whisper-1', response_format: 'verbose_json' });
  assert.is(verbose.text, fakeAzureTranscript);
  assert.is(verbose.segments?.length, 1);
});

test('a gpt-4o-mini-transcribe deployment streams transcript deltas and one done event', async () => {
  const stream = await client('gpt-4o-mini-transcribe').audio.transcriptions.create({ file: await toFile(wav, 'a.wav'), model: 'gpt-4o-mini-transcribe', stream: true });
  const types: string[] = [];
  let text = '';
  for await (const event of stream) {
    types.push(event.type);
    if (event.type === 'transcript.text.delta') text += event.delta;
  }
  assert.is(text, fakeAzureTranscript);
  assert.is(types.at(-1), 'transcript.text.done');
  assert.is(types.filter((type) => type === 'transcript.text.done').length, 1);
});

test('a translation goes to the whisper deployment', async () => {
  const answer = await client('whisper').audio.translations.create({ file: await toFile(wav, 'a.wav'), model: 'whisper-1' });
  assert.is(answer.text, fakeAzureTranscript);
  assert.is(fake.lastRequest().path, `/openai/deployments/whisper/audio/translations?api-version=${fakeAzureApiVersion}`);
});

test('speech arrives as audio bytes of the asked format from the tts deployment', async () => {
  const response = await client('tts').audio.speech.create({ model: 'tts-1', voice: 'alloy', input: 'Hello there', response_format: 'mp3' });
  assert.is(response.headers.get('content-type'), 'audio/mpeg');
  const bytes = Buffer.from(await response.arrayBuffer());
  assert.ok(bytes.length >= 256);
  assert.is(bytes.toString('latin1', 0, 3), 'ID3');
  assert.is(fake.lastRequest().path, `/openai/deployments/tts/audio/speech?api-version=${fakeAzureApiVersion}`);
});

test('errors take Azure shapes the SDK maps: DeploymentNotFound, OperationNotSupported, a bad voice, a bad key', async () => {
  const missing = await client('nope').audio.speech.create({ model: 'tts-1', voice: 'alloy', input: 'x' }).catch((error: unknown) => error);
  assert.instance(missing, NotFoundError);
  assert.is((missing as NotFoundError).code, 'DeploymentNotFound');
  const wrong = await client('whisper').audio.speech.create({ model: 'tts-1', voice: 'alloy', input: 'x' }).catch((error: unknown) => error);
  assert.instance(wrong, BadRequestError);
  assert.is((wrong as BadRequestError).code, 'OperationNotSupported');
  const voice = await client('tts').audio.speech.create({ model: 'tts-1', voice: 'nobody' as 'alloy', input: 'x' }).catch((error: unknown) => error);
  assert.instance(voice, BadRequestError);
  const key = await client('whisper', 'wrong').audio.transcriptions.create({ file: await toFile(wav, 'a.wav'), model: 'whisper-1' }).catch((error: unknown) => error);
  assert.instance(key, AuthenticationError);
});

test.run();
