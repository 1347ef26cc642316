import { definePlugin, type ProviderPlugin } from '@conduit/plugin-api';
import { createOpenAICompatibleClientKeepingRawJson } from '@conduit/plugin-api/internal';
import type { OpenAICompatiblePreset } from './presets.ts';

const version = '0.1.0';

export function createOpenAICompatiblePlugin(preset: OpenAICompatiblePreset): ProviderPlugin {
  return definePlugin({
    apiVersion: 1,
    kind: 'provider',
    name: preset.name,
    version,
    displayName: preset.displayName,
    description: `${preset.displayName} through its OpenAI-compatible API`,
    defaultBaseUrl: preset.defaultBaseUrl,
    // Local servers run without a key; the hosted ones refuse every call without one.
    credentialsSchema: {
      type: 'object',
      properties: { apiKey: { type: 'string', minLength: 1, title: 'API key (Bearer token)', writeOnly: true } },
      ...(preset.apiKeyRequired ? { required: ['apiKey'] } : {}),
      additionalProperties: false,
    },
    optionsSchema: {
      type: 'object',
      properties: {
        organization: { type: 'string', title: 'Organization id (OpenAI-Organization header)' },
        project: { type: 'string', title: 'Project id (OpenAI-Project header)' },
        streamUsage: { type: 'boolean', title: 'Ask for usage in streams (stream_options.include_usage)' },
        headers: { type: 'object', title: 'Extra headers', additionalProperties: { type: 'string' } },
      },
      additionalProperties: false,
    },
    capabilities: preset.capabilities,
    modelCapabilities: preset.modelCapabilities,
    create(context) {
      const { apiKey } = context.credentials;
      const options = context.options as {
        organization?: string;
        project?: string;
        streamUsage?: boolean;
        headers?: Record<string, string>;
      };
      const headers: Record<string, string> = { ...options.headers };
      if (apiKey) headers.authorization = `Bearer ${apiKey}`;
      if (options.organization) headers['openai-organization'] = options.organization;
      if (options.project) headers['openai-project'] = options.project;
      // It relays the parsed values unchanged, so they may keep their JSON text for the gateway.
      return createOpenAICompatibleClientKeepingRawJson({
        context,
        providerLabel: preset.displayName,
        headers: () => headers,
        streamUsage: options.streamUsage ?? preset.streamUsage,
      });
    },
  });
}
