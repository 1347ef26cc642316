/** The official `@elevenlabs/elevenlabs-js` SDK against the fake ElevenLabs upstream: its calls succeed and parse. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ElevenLabsClient, ElevenLabsError } from '@elevenlabs/elevenlabs-js';
import { fakeElevenLabsTranscript, startElevenLabsFakeUpstream } from './fake-elevenlabs-upstream.ts';

const fake = await startElevenLabsFakeUpstream();
const client = new ElevenLabsClient({ apiKey: fake.apiKey, baseUrl: fake.provider.baseUrl, maxRetries: 0 });
test.before.each(() => fake.reset());
test.after(() => fake.close());

async function bytesOf(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const pieces: Uint8Array[] = [];
  for await (const piece of stream as unknown as AsyncIterable<Uint8Array>) pieces.push(piece);
  return Buffer.concat(pieces);
}

test('textToSpeech.stream sends xi-api-key, model, settings and output_format, and reads the audio', async () => {
  const audio = await client.textToSpeech.stream('21m00Tcm4TlvDq8ikWAM', {
    text: 'Hello world',
    modelId: 'eleven_flash_v2_5',
    outputFormat: 'pcm_24000',
    voiceSettings: { stability: 0.5, similarityBoost: 0.75 },
  });
  const bytes = await bytesOf(audio);
  assert.is(bytes.length, Math.round(11 * 0.06 * 24_000 * 2));
  const sent = fake.lastRequest();
  assert.is(sent.path, '/v1/text-to-speech/21m00Tcm4TlvDq8ikWAM/stream?output_format=pcm_24000');
  assert.is(sent.headers['xi-api-key'], fake.apiKey);
  assert.equal((sent.body as Record<string, unknown>).voice_settings, { stability: 0.5, similarity_boost: 0.75 });
  assert.is((sent.body as Record<string, unknown>).model_id, 'eleven_flash_v2_5');
});

test('speechToText.convert uploads multipart and parses the transcript', async () => {
  const result = await client.speechToText.convert({ modelId: 'scribe_v1', file: new Blob([Buffer.alloc(3200)], { type: 'audio/wav' }), languageCode: 'en' });
  assert.ok('text' in result);
  const chunk = result as { text: string; languageCode: string; words: Array<{ text: string; type: string }> };
  assert.is(chunk.text, fakeElevenLabsTranscript);
  assert.is(chunk.languageCode, 'en');
  assert.equal(chunk.words.map((word) => word.type), ['word', 'spacing', 'word']);
  assert.is((fake.lastRequest().body as Record<string, unknown>).model_id, 'scribe_v1');
});

test('voices.getAll parses the voice list', async () => {
  const { voices } = await client.voices.getAll();
  assert.equal(voices.map((voice) => [voice.voiceId, voice.name]), [['21m00Tcm4TlvDq8ikWAM', 'Rachel'], ['JBFqnCBsd6RMkjVDRZzb', 'George'], ['pFZP5JQG7iQjIQuC4Bku', 'Lily']]);
  assert.equal(voices[2]?.verifiedLanguages?.map((entry) => [entry.language, entry.modelId, entry.locale]), [
    ['de', 'eleven_multilingual_v2', 'de-DE'],
    ['en', 'eleven_multilingual_v2', 'en-GB'],
    ['en', 'eleven_flash_v2_5', 'en-GB'],
  ]);
});

test('errors reach the SDK as ElevenLabsError with the status and detail: unknown voice, quota, wrong key, validation', async () => {
  const refused = async (work: Promise<unknown>) => {
    let outcome: unknown;
    try {
      await work;
    } catch (error) {
      outcome = error;
    }
    assert.instance(outcome, ElevenLabsError);
    return outcome as ElevenLabsError;
  };
  const voice = await refused(client.textToSpeech.stream('nope', { text: 'hi' }));
  assert.is(voice.statusCode, 404);
  assert.is((voice.body as { detail: { status: string } }).detail.status, 'voice_not_found');
  fake.enqueue({ type: 'quota-exceeded' });
  const quota = await refused(client.textToSpeech.stream('21m00Tcm4TlvDq8ikWAM', { text: 'hi' }));
  assert.is(quota.statusCode, 401);
  assert.is((quota.body as { detail: { status: string } }).detail.status, 'quota_exceeded');
  const stranger = new ElevenLabsClient({ apiKey: 'sk_wrong', baseUrl: fake.provider.baseUrl, maxRetries: 0 });
  assert.is((await refused(stranger.voices.getAll())).statusCode, 401);
  const invalid = await refused(client.textToSpeech.stream('21m00Tcm4TlvDq8ikWAM', { text: '' }));
  assert.is(invalid.statusCode, 422);
});

test.run();
