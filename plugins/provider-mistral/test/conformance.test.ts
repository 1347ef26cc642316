/** The conformance kit against the plugin and its fake Mistral upstream. */
import { runConformance } from '@conduit/plugin-api/conformance';
import plugin from '../src/index.ts';
import { startMistralFakeUpstream } from './fake-mistral-upstream.ts';

runConformance({
  plugin,
  model: 'pixtral-large-latest',
  embeddingModel: 'mistral-embed',
  startFake: () => startMistralFakeUpstream(),
});
