/** The conformance kit against the `openai` plugin and the fake OpenAI upstream. */
import type { ProviderPlugin } from '@conduit/plugin-api';
import { runConformance } from '@conduit/plugin-api/conformance';
import plugins from '../src/index.ts';
import { startOpenAIFakeUpstream } from './fake-openai-upstream.ts';

const plugin = plugins.find((candidate): candidate is ProviderPlugin<unknown> => candidate.kind === 'provider' && candidate.name === 'openai');
if (!plugin) throw new Error('provider-openai exports no plugin named "openai"');

runConformance({
  plugin,
  model: 'gpt-4o-mini',
  embeddingModel: 'text-embedding-3-small',
  moderationModel: 'omni-moderation-latest',
  startFake: startOpenAIFakeUpstream,
});
