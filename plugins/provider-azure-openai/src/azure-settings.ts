/**
 * The settings of one Azure OpenAI provider record, read from its base URL and options with their
 * defaults applied.
 */
import { ProviderError } from '@conduit/plugin-api';

/** The latest GA data-plane version when this plugin was written. */
export const defaultAzureApiVersion = '2024-10-21';

export interface AzureSettings {
  /** `https://<resource>.openai.azure.com`, without a trailing slash or `/openai` path. */
  endpoint: string;
  apiVersion: string;
  /** Use the version-less v1 API (`/openai/v1/...`, model in the body) instead of deployment URLs. */
  v1Api: boolean;
  /** Ask for usage in streams; API versions before 2024-09-01-preview refuse `stream_options`. */
  streamUsage: boolean;
  headers: Record<string, string>;
}

export interface AzureOptions {
  apiVersion?: string;
  v1Api?: boolean;
  resourceName?: string;
  streamUsage?: boolean;
  headers?: Record<string, string>;
}

export function readAzureSettings(baseUrl: string, options: AzureOptions): AzureSettings {
  const configured = baseUrl.trim() || (options.resourceName ? `https://${options.resourceName}.openai.azure.com` : '');
  if (!configured) {
    throw new ProviderError({
      code: 'bad_request',
      retryable: false,
      message:
        'Azure OpenAI needs the resource endpoint (https://<resource>.openai.azure.com) as the base URL, or the resourceName option',
    });
  }
  return {
    endpoint: normalizeEndpoint(configured),
    apiVersion: options.apiVersion?.trim() || defaultAzureApiVersion,
    v1Api: options.v1Api ?? false,
    streamUsage: options.streamUsage ?? true,
    headers: { ...options.headers },
  };
}

/** Admins paste the endpoint in several forms; the SDK's `baseURL` form ends with `/openai` or `/openai/v1`. */
export function normalizeEndpoint(url: string): string {
  let out = url.trim().replace(/\/+$/, '');
  out = out.replace(/\/openai(\/v1)?$/i, '');
  return out.replace(/\/+$/, '');
}
