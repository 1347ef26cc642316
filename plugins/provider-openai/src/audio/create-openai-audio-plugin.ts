import { createOpenAICompatibleAudioClient, definePlugin, type AudioPlugin } from '@conduit/plugin-api';
import { openAIHeaders, openAIOptionsSchema } from '../openai-account.ts';
import type { OpenAIAudioPreset } from './audio-presets.ts';

const version = '0.1.0';

export function createOpenAIAudioPlugin(preset: OpenAIAudioPreset): AudioPlugin {
  return definePlugin({
    apiVersion: 2,
    kind: 'audio',
    name: preset.name,
    version,
    displayName: preset.displayName,
    description: `${preset.displayName} speech and transcription through its OpenAI-compatible Audio API`,
    defaultBaseUrl: preset.defaultBaseUrl,
    optionsSchema: openAIOptionsSchema,
    capabilities: preset.capabilities,
    modelCapabilities: preset.modelCapabilities,
    create(context) {
      return createOpenAICompatibleAudioClient({
        context,
        providerLabel: preset.displayName,
        headers: openAIHeaders(context),
        capabilities: preset.capabilities,
        modelCapabilities: preset.modelCapabilities,
        speechEvents: preset.speechEvents,
        transcriptTimeUnit: preset.transcriptTimeUnit,
        diarizes: preset.diarizes,
        voices: () => [...(preset.capabilities.voices ?? [])],
      });
    },
  });
}
