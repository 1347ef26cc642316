/**
 * Azure OpenAI: OpenAI's models served from an Azure resource. Requests go to deployment URLs
 * (`{endpoint}/openai/deployments/{deployment}/...?api-version=`), where the deployment is the
 * deployment's provider model, or to the v1 API (`{endpoint}/openai/v1/...`) when `v1Api` is set.
 * There is no public default endpoint: each resource has its own.
 */
import { definePlugin, noCapabilities } from '@conduit/plugin-api';
import { defaultAzureApiVersion } from './azure-settings.ts';
import { createAzureClient } from './create-azure-client.ts';
import { azureModelCapabilities } from './model-capabilities.ts';

export default definePlugin({
  apiVersion: 1,
  kind: 'provider',
  name: 'azure-openai',
  version: '0.1.0',
  displayName: 'Azure OpenAI',
  description: 'OpenAI models deployed on an Azure OpenAI (Azure AI Foundry) resource',
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
  capabilities: {
    ...noCapabilities,
    chat: true,
    stream: true,
    tools: true,
    vision: true,
    jsonObject: true,
    jsonSchema: true,
    completions: true,
    embeddings: true,
    images: true,
  },
  modelCapabilities: azureModelCapabilities,
  create: createAzureClient,
});
