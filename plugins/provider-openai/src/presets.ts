/**
 * The OpenAI-compatible providers this package serves, as configuration: where they live, how they
 * authenticate, what their models can do by default. An admin can override capabilities per
 * deployment.
 */
import { noCapabilities, type ModelCapabilities } from '@conduit/plugin-api';
import { openAIModelCapabilities } from './model-capabilities.ts';

export interface OpenAICompatiblePreset {
  /** Provider type id, pinned: admins pass it to `createProvider`. */
  name: string;
  displayName: string;
  defaultBaseUrl: string;
  /** Local servers run without a key. */
  apiKeyRequired: boolean;
  /** Whether the upstream honours `stream_options.include_usage`. */
  streamUsage: boolean;
  capabilities: ModelCapabilities;
  /** Per-model refinements, where the provider's catalogue is known. */
  modelCapabilities?: (model: string) => Partial<ModelCapabilities> | undefined;
}

const chatModels: ModelCapabilities = {
  ...noCapabilities,
  chat: true,
  stream: true,
  tools: true,
  jsonObject: true,
  jsonSchema: true,
  completions: true,
  embeddings: true,
};

const withVision: ModelCapabilities = { ...chatModels, vision: true };

export const presets: readonly OpenAICompatiblePreset[] = [
  {
    name: 'openai',
    displayName: 'OpenAI',
    defaultBaseUrl: 'https://api.openai.com/v1',
    apiKeyRequired: true,
    streamUsage: true,
    capabilities: { ...withVision, images: true, audioInput: true },
    modelCapabilities: openAIModelCapabilities,
  },
  { name: 'groq', displayName: 'Groq', defaultBaseUrl: 'https://api.groq.com/openai/v1', apiKeyRequired: true, streamUsage: true, capabilities: withVision },
  { name: 'together', displayName: 'Together AI', defaultBaseUrl: 'https://api.together.xyz/v1', apiKeyRequired: true, streamUsage: true, capabilities: { ...withVision, images: true } },
  { name: 'fireworks', displayName: 'Fireworks AI', defaultBaseUrl: 'https://api.fireworks.ai/inference/v1', apiKeyRequired: true, streamUsage: true, capabilities: withVision },
  { name: 'deepinfra', displayName: 'DeepInfra', defaultBaseUrl: 'https://api.deepinfra.com/v1/openai', apiKeyRequired: true, streamUsage: true, capabilities: withVision },
  { name: 'openrouter', displayName: 'OpenRouter', defaultBaseUrl: 'https://openrouter.ai/api/v1', apiKeyRequired: true, streamUsage: true, capabilities: withVision },
  { name: 'ollama', displayName: 'Ollama', defaultBaseUrl: 'http://localhost:11434/v1', apiKeyRequired: false, streamUsage: true, capabilities: withVision },
  { name: 'vllm', displayName: 'vLLM', defaultBaseUrl: 'http://localhost:8000/v1', apiKeyRequired: false, streamUsage: true, capabilities: withVision },
  { name: 'lmstudio', displayName: 'LM Studio', defaultBaseUrl: 'http://localhost:1234/v1', apiKeyRequired: false, streamUsage: true, capabilities: withVision },
];
