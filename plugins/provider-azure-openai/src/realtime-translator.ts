/**
 * Azure OpenAI's Realtime API as a realtime translator: the same protocol as OpenAI's, at the
 * resource's URL, with the key in an `api-key` header. The GA protocol, which the gateway's clients
 * speak, is served at `wss://<resource>.openai.azure.com/openai/v1/realtime?model=<deployment>`
 * with no api-version; that is the URL unless the provider sets `realtimeApiVersion`, which selects
 * the older deployment URL `…/openai/realtime?api-version=…&deployment=<deployment>` (where dated
 * preview versions speak the retired beta protocol). The deployment is the routed deployment's
 * provider model.
 */
import { connectOpenAIRealtime, definePlugin, PLUGIN_API_VERSION } from '@conduit/plugin-api';
import { azureAccountFields } from './azure-account-fields.ts';
import { readAzureSettings, type AzureOptions } from './azure-settings.ts';

export function azureRealtimeUrl(baseUrl: string, options: AzureOptions & { realtimeApiVersion?: string }, deployment: string): string {
  const settings = readAzureSettings(baseUrl, options);
  const endpoint = settings.endpoint.replace(/^http:/i, 'ws:').replace(/^https:/i, 'wss:');
  const apiVersion = options.realtimeApiVersion?.trim();
  if (settings.v1Api || !apiVersion) return `${endpoint}/openai/v1/realtime?model=${encodeURIComponent(deployment)}`;
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
