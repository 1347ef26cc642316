/**
 * Conduit provider plugin for Cohere's v2 API: chat (`/v2/chat`, streamed or not, with tools,
 * images and structured output) and embeddings (`/v2/embed`).
 */
import { definePlugin } from '@conduit/plugin-api';
import { createCohereClient } from './cohere-client.ts';
import { embedInputTypes, isInputType } from './map-embeddings-request.ts';
import { chatCapabilities, cohereModelCapabilities } from './model-capabilities.ts';

export default definePlugin({
  apiVersion: 1,
  kind: 'provider',
  name: 'cohere',
  version: '0.1.0',
  displayName: 'Cohere',
  description: 'Cohere Command chat and Embed models through the v2 API',
  defaultBaseUrl: 'https://api.cohere.com',
  credentialsSchema: {
    type: 'object',
    properties: { apiKey: { type: 'string', minLength: 1, title: 'API key', writeOnly: true } },
    required: ['apiKey'],
    additionalProperties: false,
  },
  optionsSchema: {
    type: 'object',
    properties: {
      inputType: {
        type: 'string',
        title: 'Embedding input type when the request names none',
        enum: [...embedInputTypes],
        default: 'search_document',
      },
      clientName: { type: 'string', title: 'Client name (X-Client-Name header)' },
    },
    additionalProperties: false,
  },
  capabilities: chatCapabilities,
  modelCapabilities: cohereModelCapabilities,
  create(context) {
    const { inputType, clientName } = context.options;
    return createCohereClient(context, {
      inputType: isInputType(inputType) ? inputType : 'search_document',
      clientName: typeof clientName === 'string' && clientName !== '' ? clientName : undefined,
    });
  },
});
