import { definePlugin, type ProviderPlugin } from '@conduit/plugin-api';
import { createOpenAICompatibleClientKeepingRawJson } from '@conduit/plugin-api/internal';
import { openAIHeaders, openAIOptionsSchema, type OpenAIAccountOptions } from './openai-account.ts';
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
    optionsSchema: openAIOptionsSchema,
    capabilities: preset.capabilities,
    modelCapabilities: preset.modelCapabilities,
    create(context) {
      const options = context.options as OpenAIAccountOptions;
      const headers = openAIHeaders(context);
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
