/** Input transcription in OpenAI's Realtime protocol: the model a session names, and one transcription's usage. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { openAITranscriptionModel, openAITranscriptionUsage } from '../src/index.ts';

test('the model: GA audio.input.transcription, beta input_audio_transcription; null when turned off; undefined when not mentioned', () => {
  assert.is(openAITranscriptionModel({ type: 'realtime', audio: { input: { transcription: { model: 'gpt-4o-transcribe', language: 'en' } } } }), 'gpt-4o-transcribe');
  assert.is(openAITranscriptionModel({ input_audio_transcription: { model: 'whisper-1' } }), 'whisper-1');
  assert.is(openAITranscriptionModel({ audio: { input: { transcription: null } } }), null);
  assert.is(openAITranscriptionModel({ input_audio_transcription: null }), null);
  assert.is(openAITranscriptionModel({ instructions: 'Hi' }), undefined);
  assert.is(openAITranscriptionModel({ audio: { input: { format: { type: 'audio/pcmu' } } } }), undefined);
  assert.is(openAITranscriptionModel(undefined), undefined);
  assert.is(openAITranscriptionModel('session'), undefined);
});

test('the model: a transcription without a usable model name names none', () => {
  assert.is(openAITranscriptionModel({ audio: { input: { transcription: {} } } }), undefined);
  assert.is(openAITranscriptionModel({ audio: { input: { transcription: { model: 42 } } } }), undefined);
  assert.is(openAITranscriptionModel({ audio: { input: { transcription: { model: '' } } } }), undefined);
  assert.is(openAITranscriptionModel({ audio: { input: { transcription: { model: 'x'.repeat(201) } } } }), undefined);
  assert.is(openAITranscriptionModel({ audio: { input: { transcription: 'whisper-1' } } }), undefined);
});

test('usage by tokens: audio and text tokens in, the transcript’s tokens out, under the model', () => {
  assert.equal(
    openAITranscriptionUsage({ type: 'tokens', total_tokens: 22, input_tokens: 13, input_token_details: { text_tokens: 2, audio_tokens: 11 }, output_tokens: 9 }, 'gpt-4o-transcribe'),
    { model: 'gpt-4o-transcribe', inputAudioTokens: 11, inputTextTokens: 2, outputTextTokens: 9 },
  );
  // Details are optional: input tokens they leave out count as audio, the dearer bucket.
  assert.equal(openAITranscriptionUsage({ type: 'tokens', input_tokens: 13, output_tokens: 9, total_tokens: 22 }, 'gpt-4o-mini-transcribe'), {
    model: 'gpt-4o-mini-transcribe',
    inputAudioTokens: 13,
    outputTextTokens: 9,
  });
});

test('usage by duration: the seconds transcribed', () => {
  assert.equal(openAITranscriptionUsage({ type: 'duration', seconds: 2.5 }, 'whisper-1'), { model: 'whisper-1', seconds: 2.5 });
  assert.equal(openAITranscriptionUsage({ seconds: 1.25 }, 'whisper-1'), { model: 'whisper-1', seconds: 1.25 }, 'seconds without a type');
});

test('usage without a known model is reported without one (the gateway logs it unpriced)', () => {
  const usage = openAITranscriptionUsage({ type: 'duration', seconds: 3 }, undefined);
  assert.equal(usage, { seconds: 3 });
  assert.not.ok(usage && 'model' in usage);
});

test('malformed usage counts as nothing: strings, negatives, NaN, Infinity, wrong shapes', () => {
  assert.is(openAITranscriptionUsage(undefined, 'whisper-1'), undefined);
  assert.is(openAITranscriptionUsage(null, 'whisper-1'), undefined);
  assert.is(openAITranscriptionUsage('12 tokens', 'whisper-1'), undefined);
  assert.is(openAITranscriptionUsage({}, 'whisper-1'), undefined);
  assert.is(openAITranscriptionUsage({ type: 'duration', seconds: '3' }, 'whisper-1'), undefined);
  assert.is(openAITranscriptionUsage({ type: 'duration', seconds: -3 }, 'whisper-1'), undefined);
  assert.is(openAITranscriptionUsage({ type: 'duration', seconds: Number.POSITIVE_INFINITY }, 'whisper-1'), undefined);
  assert.is(openAITranscriptionUsage({ type: 'tokens', input_tokens: '13', output_tokens: -9, input_token_details: 'audio' }, 'gpt-4o-transcribe'), undefined);
  assert.is(openAITranscriptionUsage({ type: 'tokens', input_tokens: Number.NaN, input_token_details: { audio_tokens: -4, text_tokens: '2' } }, 'gpt-4o-transcribe'), undefined);
  // The valid figures of a partly malformed usage still count.
  assert.equal(openAITranscriptionUsage({ type: 'tokens', input_tokens: 13, output_tokens: 'nine' }, 'gpt-4o-transcribe'), { model: 'gpt-4o-transcribe', inputAudioTokens: 13 });
});

test.run();
