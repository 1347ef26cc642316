/**
 * Azure OpenAI's Realtime API as a realtime translator: the same protocol as OpenAI's, at the
 * resource's URL, with the key in an `api-key` header. Deployment URLs are
 * `wss://<resource>.openai.azure.com/openai/realtime?api-version=…&deployment=<deployment>` (the
 * form the `openai` SDK's `OpenAIRealtimeWS.azure` builds); with `v1Api`,
 * `…/openai/v1/realtime?model=<deployment>`. The deployment is the routed deployment's provider model.
 */
import { connectOpenAIRealtime, definePlugin, PLUGIN_API_VERSION } from '@conduit/plugin-api';
import { azureAccountFields } from './azure-account-fields.ts';
import { readAzureSettings, type AzureOptions } from './azure-settings.ts';

/**
 * The api-version of deployment realtime URLs when the provider sets no `realtimeApiVersion`: the
 * data-plane GA version (`apiVersion`) predates realtime, so it has its own default.
 */
export const defaultAzureRealtimeApiVersion = '2025-04-01-preview';

export function azureRealtimeUrl(baseUrl: string, options: AzureOptions & { realtimeApiVersion?: string }, deployment: string): string {
  const settings = readAzureSettings(baseUrl, options);
  const endpoint = settings.endpoint.replace(/^http:/i, 'ws:').replace(/^https:/i, 'wss:');
  if (settings.v1Api) return `${endpoint}/openai/v1/realtime?model=${encodeURIComponent(deployment)}`;
  const apiVersion = options.realtimeApiVersion?.trim() || defaultAzureRealtimeApiVersion;
  return `${endpoint}/openai/realtime?api-version=${encodeURIComponent(apiVersion)}&deployment=${encodeURIComponent(deployment)}`;
}

export const azureRealtimeTranslator = definePlugin({
  apiVersion: PLUGIN_API_VERSION,
  kind: 'realtime-translator',
  name: 'azure-openai',
  version: '0.1.0',
  description: 'Azure OpenAI Realtime (gpt-realtime deployments) over WebSocket, passed through',
  ...azureAccountFields,
  capabilities: {
    inputAudioFormats: [{ type: 'audio/pcm', rate: 24000 }, { type: 'audio/pcmu' }, { type: 'audio/pcma' }],
    outputAudioFormats: [{ type: 'audio/pcm', rate: 24000 }, { type: 'audio/pcmu' }, { type: 'audio/pcma' }],
    voices: ['alloy', 'ash', 'ballad', 'coral', 'echo', 'sage', 'shimmer', 'verse', 'marin', 'cedar'],
    tools: true,
    textOutput: true,
    inputTranscription: true,
  },
  create(context) {
    const options = context.options as AzureOptions & { realtimeApiVersion?: string };
    const headers: Record<string, string> = { ...options.headers, 'api-key': context.credentials.apiKey ?? '' };
    return {
      connect: (config, events, call) =>
        connectOpenAIRealtime(
          { context, url: azureRealtimeUrl(context.baseUrl, options, config.model), headers, providerLabel: 'Azure OpenAI' },
          config,
          events,
          call,
        ),
    };
  },
});
