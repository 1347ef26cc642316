/**
 * Azure OpenAI's audio deployments as an audio plugin of the `azure-openai` type: OpenAI's Audio API
 * at `{endpoint}/openai/deployments/{deployment}/audio/{transcriptions|translations|speech}?api-version=`
 * (or `{endpoint}/openai/v1/audio/...` with `v1Api`), with the `api-key` header. The request and
 * answer translation is the shared OpenAI-compatible audio client's; only the URLs, the key header
 * and Azure's error codes are Azure's.
 */
import { createOpenAICompatibleAudioClient, definePlugin, PLUGIN_API_VERSION, type AudioPlugin } from '@conduit/plugin-api';
import { azureAccountFields } from './azure-account-fields.ts';
import { azureAudioCapabilities, azureAudioModelCapabilities } from './azure-audio-capabilities.ts';
import { readAzureSettings, type AzureOptions } from './azure-settings.ts';
import { azureUrl } from './azure-url.ts';
import { classifyAzureError } from './classify-azure-error.ts';

export const azureAudioPlugin: AudioPlugin = definePlugin({
  apiVersion: PLUGIN_API_VERSION,
  kind: 'audio',
  name: 'azure-openai',
  version: '0.1.0',
  description: 'Speech and transcription (Whisper, gpt-4o-transcribe, tts, gpt-4o-mini-tts) deployed on an Azure OpenAI resource',
  ...azureAccountFields,
  capabilities: azureAudioCapabilities,
  modelCapabilities: azureAudioModelCapabilities,
  create(context) {
    const options = context.options as AzureOptions & { audioApiVersion?: string };
    // Throws for settings that cannot work (no endpoint), as the chat plugin does.
    const base = readAzureSettings(context.baseUrl, options);
    const settings = { ...base, apiVersion: options.audioApiVersion?.trim() || base.apiVersion };
    const headers: Record<string, string> = { ...settings.headers };
    const { apiKey } = context.credentials;
    if (apiKey) headers['api-key'] = apiKey;
    return createOpenAICompatibleAudioClient({
      context,
      providerLabel: 'Azure OpenAI',
      headers,
      capabilities: azureAudioCapabilities,
      modelCapabilities: azureAudioModelCapabilities,
      diarizes: (deployment) => /diarize/i.test(deployment),
      voices: () => [...(azureAudioCapabilities.voices ?? [])],
      url: (endpoint, deployment) => azureUrl(settings, endpoint, deployment),
      classifyError: classifyAzureError,
    });
  },
});
