/**
 * What an OpenAI-compatible account takes, shared by the chat and audio plugins of one name (the
 * gateway reads a provider type's account fields from either): the options and the headers they
 * become.
 */
import type { JsonSchema, ProviderContext } from '@conduit/plugin-api';

export const openAIOptionsSchema: JsonSchema = {
  type: 'object',
  properties: {
    organization: { type: 'string', title: 'Organization id (OpenAI-Organization header)' },
    project: { type: 'string', title: 'Project id (OpenAI-Project header)' },
    streamUsage: { type: 'boolean', title: 'Ask for usage in streams (stream_options.include_usage)' },
    headers: { type: 'object', title: 'Extra headers', additionalProperties: { type: 'string' } },
  },
  additionalProperties: false,
};

export interface OpenAIAccountOptions {
  organization?: string;
  project?: string;
  streamUsage?: boolean;
  headers?: Record<string, string>;
}

export function openAIHeaders(context: ProviderContext<unknown>): Record<string, string> {
  const { apiKey } = context.credentials;
  const options = context.options as OpenAIAccountOptions;
  const headers: Record<string, string> = { ...options.headers };
  if (apiKey) headers.authorization = `Bearer ${apiKey}`;
  if (options.organization) headers['openai-organization'] = options.organization;
  if (options.project) headers['openai-project'] = options.project;
  return headers;
}
