/**
 * Google Gemini (the Gemini Developer API, generativelanguage.googleapis.com) as a Conduit provider:
 * chat, streaming, tools, vision and JSON output through generateContent / streamGenerateContent,
 * embeddings through embedContent / batchEmbedContents, and the model list.
 */
import { definePlugin } from '@conduit/plugin-api';
import { createGeminiClient } from './gemini-client.ts';
import { geminiOptionsSchema } from './gemini-options.ts';
import { geminiCapabilities, geminiModelCapabilities } from './model-capabilities.ts';

export default definePlugin({
  apiVersion: 1,
  kind: 'provider',
  name: 'gemini',
  version: '0.1.0',
  displayName: 'Google Gemini',
  description: 'Google Gemini through the Gemini Developer API (v1beta)',
  // Without the API version: the plugin appends /v1beta itself.
  defaultBaseUrl: 'https://generativelanguage.googleapis.com',
  credentialsSchema: {
    type: 'object',
    properties: { apiKey: { type: 'string', minLength: 1, title: 'API key (x-goog-api-key header)', writeOnly: true } },
    required: ['apiKey'],
    additionalProperties: false,
  },
  optionsSchema: geminiOptionsSchema,
  capabilities: geminiCapabilities,
  modelCapabilities: geminiModelCapabilities,
  create(context) {
    return createGeminiClient(context);
  },
});
