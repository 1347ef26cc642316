/** The account fields the Azure provider, audio plugin and realtime translator share (one Provider record serves all three). */
import type { ProviderAccountFields } from '@conduit/plugin-api';
import { defaultAzureApiVersion } from './azure-settings.ts';

export const azureAccountFields = {
  displayName: 'Azure OpenAI',
  defaultBaseUrl: undefined,
  credentialsSchema: {
    type: 'object',
    properties: {
      apiKey: { type: 'string', title: 'API key (sent as the api-key header)', writeOnly: true },
    },
    required: ['apiKey'],
    additionalProperties: false,
  },
  optionsSchema: {
    type: 'object',
    properties: {
      apiVersion: {
        type: 'string',
        title: 'API version (api-version query parameter of deployment URLs)',
        default: defaultAzureApiVersion,
      },
      v1Api: {
        type: 'boolean',
        title: 'Use the v1 API ({endpoint}/openai/v1/..., model in the body) instead of deployment URLs',
        default: false,
      },
      realtimeApiVersion: {
        type: 'string',
        title: 'API version of a realtime deployment URL (…/openai/realtime?api-version=…&deployment=…); unset: the GA endpoint …/openai/v1/realtime?model=<deployment>',
      },
      audioApiVersion: {
        type: 'string',
        title: 'API version of audio deployment URLs (default: apiVersion; gpt-4o-transcribe and gpt-4o-mini-tts need 2025-03-01-preview or later)',
      },
      resourceName: {
        type: 'string',
        title: 'Resource name, used as https://<resource>.openai.azure.com when the base URL is empty',
      },
      streamUsage: {
        type: 'boolean',
        title: 'Ask for usage in streams (needs API version 2024-09-01-preview or later)',
        default: true,
      },
      headers: { type: 'object', title: 'Extra headers', additionalProperties: { type: 'string' } },
    },
    additionalProperties: false,
  },
} satisfies ProviderAccountFields;
