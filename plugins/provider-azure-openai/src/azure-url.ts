/**
 * Where an OpenAI endpoint lives on an Azure OpenAI resource. Deployment URLs put the deployment
 * (the request's model) in the path and need `api-version`; the v1 API mirrors OpenAI's paths.
 */
import type { OpenAIAudioEndpoint, OpenAIEndpoint } from '@conduit/plugin-api';
import type { AzureSettings } from './azure-settings.ts';

export function azureUrl(settings: AzureSettings, endpoint: OpenAIEndpoint | OpenAIAudioEndpoint, deployment: string | undefined): string {
  if (settings.v1Api) return `${settings.endpoint}/openai/v1/${endpoint}`;
  const query = `api-version=${encodeURIComponent(settings.apiVersion)}`;
  if (endpoint === 'models' || deployment === undefined || deployment === '') {
    return `${settings.endpoint}/openai/${endpoint}?${query}`;
  }
  return `${settings.endpoint}/openai/deployments/${encodeURIComponent(deployment)}/${endpoint}?${query}`;
}
