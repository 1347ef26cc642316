/** The plugin API's conformance kit against the fake Azure OpenAI resource. */
import { runConformance } from '@conduit/plugin-api/conformance';
import { azureProvider as plugin } from '../src/index.ts';
import { startAzureOpenAIFakeUpstream } from './fake-azure-openai-upstream.ts';

runConformance({
  plugin,
  model: 'gpt-4o',
  embeddingModel: 'text-embedding-3-small',
  startFake: startAzureOpenAIFakeUpstream,
});
