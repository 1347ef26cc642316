/**
 * Conduit provider plugin for Mistral's API (`https://api.mistral.ai/v1`): chat (streamed or not,
 * with tools, images and structured output) and embeddings, through the plugin API's
 * OpenAI-compatible client with Mistral's differences mapped.
 */
import { definePlugin } from '@conduit/plugin-api';
import { createMistralClient } from './mistral-client.ts';
import { chatCapabilities, mistralModelCapabilities } from './model-capabilities.ts';

export default definePlugin({
  apiVersion: 1,
  kind: 'provider',
  name: 'mistral',
  version: '0.1.0',
  displayName: 'Mistral AI',
  description: 'Mistral chat, vision and embedding models through the Mistral API',
  defaultBaseUrl: 'https://api.mistral.ai/v1',
  credentialsSchema: {
    type: 'object',
    properties: { apiKey: { type: 'string', minLength: 1, title: 'API key', writeOnly: true } },
    required: ['apiKey'],
    additionalProperties: false,
  },
  capabilities: chatCapabilities,
  modelCapabilities: mistralModelCapabilities,
  create(context) {
    return createMistralClient(context);
  },
});
