/** The audio conformance checks against the `elevenlabs` plugin and the fake ElevenLabs upstream. */
import type { AudioPlugin } from '@conduit/plugin-api';
import { runAudioConformance } from '@conduit/plugin-api/conformance';
import plugins from '../src/index.ts';
import { startElevenLabsFakeUpstream } from './fake-elevenlabs-upstream.ts';

const plugin = plugins[0] as AudioPlugin<unknown>;
const clip = Buffer.alloc(16_000);

runAudioConformance({
  plugin,
  startFake: startElevenLabsFakeUpstream,
  transcribeModel: 'scribe_v1',
  sampleAudio: () => ({ body: (async function* () { yield clip; })(), filename: 'clip.wav', format: 'wav', contentType: 'audio/wav', bytes: clip.length }),
  expectedText: /^Hello world!$/,
  speakModel: 'eleven_multilingual_v2',
  unknownVoice: 'no-such-voice',
});
