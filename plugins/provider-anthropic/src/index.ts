/**
 * Conduit's Anthropic provider: OpenAI chat completions served by Anthropic's Messages API.
 * Type id `anthropic`; the base URL is the host without `/v1`, as in Anthropic's SDKs.
 */
import { definePlugin } from '@conduit/plugin-api';
import { createAnthropicClient } from './anthropic-client.ts';
import { optionsSchema, parsePluginOptions, resolveSettings, type AnthropicPluginOptions } from './anthropic-settings.ts';
import { anthropicCapabilities, anthropicModelCapabilities } from './model-capabilities.ts';

export default definePlugin<AnthropicPluginOptions>({
  apiVersion: 1,
  kind: 'provider',
  name: 'anthropic',
  version: '0.1.0',
  displayName: 'Anthropic',
  description: 'Claude models through the Anthropic Messages API',
  defaultBaseUrl: 'https://api.anthropic.com',
  credentialsSchema: {
    type: 'object',
    properties: { apiKey: { type: 'string', minLength: 1, title: 'API key (x-api-key header)', writeOnly: true } },
    required: ['apiKey'],
    additionalProperties: false,
  },
  optionsSchema,
  parseOptions: parsePluginOptions,
  capabilities: anthropicCapabilities,
  modelCapabilities: anthropicModelCapabilities,
  create(context) {
    return createAnthropicClient(context, resolveSettings(context.options, context.pluginOptions));
  },
});

export type { AnthropicPluginOptions } from './anthropic-settings.ts';
