/** The audio conformance checks against the `azure-openai` audio plugin and the fake Azure OpenAI resource. */
import { runAudioConformance } from '@conduit/plugin-api/conformance';
import { azureAudioPlugin } from '../src/index.ts';
import { startAzureOpenAIFakeUpstream } from './fake-azure-openai-upstream.ts';
import { fakeAzureTranscript } from './fake/serve-azure-audio.ts';
import { sampleWav } from '../../provider-openai/test/sample-wav.ts';

const wav = sampleWav(1);

runAudioConformance({
  plugin: azureAudioPlugin,
  startFake: startAzureOpenAIFakeUpstream,
  transcribeModel: 'gpt-4o-mini-transcribe',
  sampleAudio: () => ({ body: (async function* () { yield wav; })(), filename: 'sample.wav', format: 'wav', contentType: 'audio/wav', bytes: wav.length }),
  expectedText: new RegExp(fakeAzureTranscript.replace('.', '\\.')),
  speakModel: 'tts',
  voice: 'alloy',
  unknownVoice: 'nobody',
});
