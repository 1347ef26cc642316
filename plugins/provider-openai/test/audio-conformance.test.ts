/** The audio conformance checks against the `openai` audio plugin and the fake OpenAI upstream. */
import type { AudioPlugin } from '@conduit/plugin-api';
import { runAudioConformance } from '@conduit/plugin-api/conformance';
import plugins from '../src/index.ts';
import { startOpenAIFakeUpstream } from './fake-openai-upstream.ts';
import { fakeTranscript } from './fake-openai/serve-audio-endpoints.ts';
import { sampleWav } from './sample-wav.ts';

const plugin = plugins.find((candidate): candidate is AudioPlugin<unknown> => candidate.kind === 'audio' && candidate.name === 'openai');
if (!plugin) throw new Error('provider-openai exports no audio plugin named "openai"');
const wav = sampleWav(1);

runAudioConformance({
  plugin,
  startFake: startOpenAIFakeUpstream,
  transcribeModel: 'gpt-4o-mini-transcribe',
  sampleAudio: () => ({ body: (async function* () { yield wav; })(), filename: 'sample.wav', format: 'wav', contentType: 'audio/wav', bytes: wav.length }),
  expectedText: new RegExp(fakeTranscript.replace('.', '\\.')),
  speakModel: 'gpt-4o-mini-tts',
  voice: 'coral',
  unknownVoice: 'nobody',
});
