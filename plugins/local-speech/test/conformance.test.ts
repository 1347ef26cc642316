/** The audio conformance checks against `local-speech` and the real engines (no upstream to fake). */
import { execFileSync } from 'node:child_process';
import { runAudioConformance } from '@conduit/plugin-api/conformance';
import { createLocalSpeechPlugin } from '../src/index.ts';
import { fixWavSizes } from '../src/wav-header.ts';
import { enginesMissing } from './engines.ts';

if (!enginesMissing()) {
  const sample = fixWavSizes(execFileSync('espeak-ng', ['-v', 'en-us', '--stdout', 'what time is it']));
  runAudioConformance({
    plugin: createLocalSpeechPlugin(),
    noUpstream: true,
    startFake: async () => ({
      provider: { baseUrl: 'http://localhost', credentials: {}, options: { phrases: ['hello world this is a test', 'what time is it'] } },
      close: async () => undefined,
    }),
    transcribeModel: 'pocketsphinx-en-us',
    sampleAudio: () => ({ body: (async function* () { yield sample; })(), filename: 'sample.wav', format: 'wav', contentType: 'audio/wav', bytes: sample.length }),
    expectedText: /^what time is it$/,
    speakModel: 'espeak-ng',
    speakFormat: 'wav',
    unknownVoice: 'xx-no-such-voice',
    timeoutMs: 30_000,
  });
}
