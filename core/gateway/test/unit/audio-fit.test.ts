/** How a deployment fits an audio request, from what its plugin declares and its voice options. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { AudioCapabilities, AudioClient } from '@conduit/plugin-api';
import type { DeploymentRoute } from '../../src/engine/state/config-snapshot.ts';
import { speechFit, speechPlan } from '../../src/pipeline/endpoints/openai/audio/speech-fit.ts';
import { canTranscode } from '../../src/pipeline/endpoints/openai/audio/transcode-speech.ts';
import { transcriptionFit } from '../../src/pipeline/endpoints/openai/audio/transcription-fit.ts';
import { route } from '../support/router-fixtures.ts';

const client: AudioClient = { speak: async () => ({ contentType: 'audio/wav', format: 'wav', body: [] as never }), transcribe: async () => ({ text: '' }) };

function audioRoute(capabilities: AudioCapabilities, options: { voiceMap?: Record<string, string>; defaultVoice?: string } = {}): DeploymentRoute {
  return { ...route({ id: 'd', model: 'm' }), audio: { client, capabilities, voiceMap: options.voiceMap ?? {}, defaultVoice: options.defaultVoice ?? capabilities.defaultVoice } };
}

const speech = { voice: 'alloy', customVoice: false, format: 'wav', characters: 10 } as const;

test('speech: a mapped or declared voice fits; the default voice fits once adapted; no default is what it lacks', () => {
  const voices = [{ id: 'rachel' }];
  assert.is(speechFit(audioRoute({ speak: true, voices }, { voiceMap: { alloy: 'rachel' } }), speech), true);
  assert.equal(speechPlan(audioRoute({ speak: true, voices }, { voiceMap: { alloy: 'rachel' } }), speech), { voice: 'rachel', customVoice: false, producedFormat: 'wav', adapted: false });
  assert.is(speechFit(audioRoute({ speak: true }), speech), true, 'no voices declared: passed on as it is');
  assert.is(speechFit(audioRoute({ speak: true, voices, defaultVoice: 'rachel' }), speech), 'adapted');
  assert.equal(speechFit(audioRoute({ speak: true, voices }), speech), { lacks: "the voice 'alloy'", param: 'voice' });
});

test('speech: a custom voice ({"id": …}) fits only a deployment that takes custom voices, and is never swapped for the default', () => {
  const custom = { ...speech, voice: 'voice_1234', customVoice: true };
  const voices = [{ id: 'alloy' }];
  assert.equal(speechPlan(audioRoute({ speak: true, voices, customVoices: true }), custom), { voice: 'voice_1234', customVoice: true, producedFormat: 'wav', adapted: false });
  assert.equal(speechFit(audioRoute({ speak: true, voices, defaultVoice: 'alloy' }), custom), { lacks: "custom voices (asked for 'voice_1234')", param: 'voice' });
  assert.equal(speechFit(audioRoute({ speak: true }), custom), { lacks: "custom voices (asked for 'voice_1234')", param: 'voice' }, 'no voices declared is no custom voices either');
  assert.equal(speechPlan(audioRoute({ speak: true, voices }, { voiceMap: { voice_1234: 'alloy' } }), custom), { voice: 'alloy', customVoice: false, producedFormat: 'wav', adapted: false }, 'the voice map still applies');
  assert.equal(speechPlan(audioRoute({ speak: true, voices, customVoices: true }), { ...speech, voice: 'alloy' }), { voice: 'alloy', customVoice: false, producedFormat: 'wav', adapted: false }, 'a name stays a name');
});

test('speech: the operation, the input length and the output format', () => {
  assert.equal(speechFit(route({ id: 'x', model: 'm' }), speech), { lacks: 'audio (its provider has no audio plugin)', param: 'model' });
  assert.equal(speechFit(audioRoute({ transcribe: true }), speech), { lacks: 'speech', param: 'model' });
  assert.equal(speechFit(audioRoute({ speak: true, maxInputCharacters: 5 }), speech), { lacks: 'inputs of 10 characters (its limit is 5)', param: 'input' });
  const mp3Only = audioRoute({ speak: true, outputFormats: ['mp3', 'pcm'] });
  if (canTranscode()) {
    assert.is(speechFit(mp3Only, speech), 'adapted');
    assert.equal(speechPlan(mp3Only, speech), { voice: 'alloy', customVoice: false, producedFormat: 'pcm', adapted: true }, 'lossless sources first');
  } else {
    assert.equal(speechFit(mp3Only, speech), { lacks: "the output format 'wav' (and ffmpeg, to transcode, is not installed)", param: 'response_format' });
  }
});

test('transcription: the operation, the language, the input format and size; streaming bridged', () => {
  const needs = { task: 'transcribe' as const, language: 'de', format: 'wav', bytes: 1000, stream: false };
  assert.is(transcriptionFit(audioRoute({ transcribe: true }), needs), true);
  assert.equal(transcriptionFit(audioRoute({ transcribe: true, languages: ['en'] }), needs), { lacks: "the language 'de'", param: 'language' });
  assert.equal(transcriptionFit(audioRoute({ transcribe: true, inputFormats: ['mp3'] }), needs), { lacks: 'wav files', param: 'file' });
  assert.equal(transcriptionFit(audioRoute({ transcribe: true, maxFileBytes: 999 }), needs), { lacks: 'files of 1000 bytes (its limit is 999)', param: 'file' });
  assert.equal(transcriptionFit(audioRoute({ transcribe: true }), { ...needs, task: 'translate' }), { lacks: 'translation', param: 'model' });
  assert.is(transcriptionFit(audioRoute({ transcribe: true }), { ...needs, stream: true }), 'adapted');
});

test.run();
