/**
 * Azure OpenAI: OpenAI's models served from an Azure resource. Requests go to deployment URLs
 * (`{endpoint}/openai/deployments/{deployment}/...?api-version=`), where the deployment is the
 * deployment's provider model, or to the v1 API (`{endpoint}/openai/v1/...`) when `v1Api` is set.
 * There is no public default endpoint: each resource has its own. The same account serves audio
 * (azure-audio-plugin.ts) and realtime (realtime-translator.ts) deployments.
 */
import { definePlugin, noCapabilities } from '@conduit/plugin-api';
import { azureAccountFields } from './azure-account-fields.ts';
import { azureAudioPlugin } from './azure-audio-plugin.ts';
import { createAzureClient } from './create-azure-client.ts';
import { azureModelCapabilities } from './model-capabilities.ts';
import { azureRealtimeTranslator } from './realtime-translator.ts';

const azureProvider = definePlugin({
  apiVersion: 1,
  kind: 'provider',
  name: 'azure-openai',
  version: '0.1.0',
  description: 'OpenAI models deployed on an Azure OpenAI (Azure AI Foundry) resource',
  ...azureAccountFields,
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

export default [azureProvider, azureAudioPlugin, azureRealtimeTranslator];
export { azureProvider, azureAudioPlugin, azureRealtimeTranslator };
export { azureRealtimeUrl } from './realtime-translator.ts';
