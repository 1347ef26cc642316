/** Every built-in provider with its fake upstream and a model to ask for, for cross-provider tests. */
import type { ConformanceFakeUpstream } from '@conduit/plugin-api/conformance';
import { startAnthropicFakeUpstream } from '../../plugins/provider-anthropic/test/fake-anthropic-upstream.ts';
import { startAzureOpenAIFakeUpstream } from '../../plugins/provider-azure-openai/test/fake-azure-openai-upstream.ts';
import { startBedrockFakeUpstream } from '../../plugins/provider-bedrock/test/fake-bedrock-upstream.ts';
import { startCohereFakeUpstream } from '../../plugins/provider-cohere/test/fake-cohere-upstream.ts';
import { startGeminiFakeUpstream } from '../../plugins/provider-gemini/test/fake-gemini-upstream.ts';
import { startMistralFakeUpstream } from '../../plugins/provider-mistral/test/fake-mistral-upstream.ts';
import { startOpenAIFakeUpstream } from '../../plugins/provider-openai/test/fake-openai-upstream.ts';

export interface ProviderFake {
  type: string;
  model: string;
  start(): Promise<ConformanceFakeUpstream>;
  /** The provider streams each tool call whole rather than in argument pieces. */
  wholeToolCallsInStreams?: boolean;
}

export const providerFakes: ProviderFake[] = [
  { type: 'openai', model: 'gpt-4o-mini', start: () => startOpenAIFakeUpstream() },
  { type: 'anthropic', model: 'claude-sonnet-4-5', start: () => startAnthropicFakeUpstream() },
  { type: 'gemini', model: 'gemini-2.5-flash', start: () => startGeminiFakeUpstream(), wholeToolCallsInStreams: true },
  { type: 'cohere', model: 'command-a-03-2025', start: () => startCohereFakeUpstream() },
  { type: 'mistral', model: 'mistral-large-latest', start: () => startMistralFakeUpstream() },
  { type: 'azure-openai', model: 'gpt-4o', start: () => startAzureOpenAIFakeUpstream() },
  { type: 'bedrock', model: 'anthropic.claude-3-5-sonnet-20240620-v1:0', start: () => startBedrockFakeUpstream() },
];
