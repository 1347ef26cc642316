/** ElevenLabs as an audio-only provider type: `elevenlabs`. */
import { definePlugin, type ConduitPlugin } from '@conduit/plugin-api';
import { createElevenLabsClient } from './elevenlabs-audio-client.ts';
import { elevenLabsSpeechFormats } from './output-format.ts';

const plugin = definePlugin({
  apiVersion: 2,
  kind: 'audio',
  name: 'elevenlabs',
  version: '0.1.0',
  displayName: 'ElevenLabs',
  description: 'ElevenLabs text to speech (streamed) and speech to text (Scribe)',
  defaultBaseUrl: 'https://api.elevenlabs.io',
  optionsSchema: {
    type: 'object',
    properties: {
      voiceSettings: {
        type: 'object',
        title: 'Voice settings sent with every speech request',
        properties: {
          stability: { type: 'number', minimum: 0, maximum: 1 },
          similarity_boost: { type: 'number', minimum: 0, maximum: 1 },
          style: { type: 'number', minimum: 0, maximum: 1 },
          use_speaker_boost: { type: 'boolean' },
        },
        additionalProperties: false,
      },
    },
    additionalProperties: false,
  },
  capabilities: {
    transcribe: true,
    speak: true,
    speakStream: true,
    // Rachel, one of the premade voices every account has.
    defaultVoice: '21m00Tcm4TlvDq8ikWAM',
    outputFormats: elevenLabsSpeechFormats,
    inputFormats: ['flac', 'mp3', 'mp4', 'mpeg', 'mpga', 'm4a', 'ogg', 'wav', 'webm'],
    transcriptFormats: ['json', 'text'],
    maxInputCharacters: 10_000,
  },
  modelCapabilities(model) {
    if (model.startsWith('scribe_')) return { speak: false, speakStream: false };
    if (model.startsWith('eleven_')) {
      // Flash and Turbo v2.5 take 40,000 characters a request, the others 10,000.
      return { transcribe: false, maxInputCharacters: /_v2_5$/.test(model) ? 40_000 : 10_000 };
    }
    return undefined;
  },
  create: (context) => createElevenLabsClient(context),
});

const plugins: ConduitPlugin[] = [plugin];
export default plugins;
