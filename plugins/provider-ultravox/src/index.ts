/**
 * Ultravox as a realtime translator: each OpenAI Realtime session creates an Ultravox call with a
 * server WebSocket medium and is translated to and from it (see ultravox-session.ts). The
 * deployment's provider model is Ultravox's `model` (e.g. `ultravox-v0.7`).
 */
import { definePlugin, PLUGIN_API_VERSION } from '@conduit/plugin-api';
import { connectUltravox } from './ultravox-session.ts';

const pcm24k = { type: 'audio/pcm', rate: 24000 } as const;

export const ultravoxRealtimeTranslator = definePlugin({
  apiVersion: PLUGIN_API_VERSION,
  kind: 'realtime-translator',
  name: 'ultravox',
  version: '0.1.0',
  displayName: 'Ultravox',
  description: 'Ultravox Realtime calls (server WebSocket), spoken to as OpenAI Realtime; billed per started 6 s',
  defaultBaseUrl: 'https://api.ultravox.ai/api',
  credentialsSchema: {
    type: 'object',
    properties: { apiKey: { type: 'string', title: 'API key (sent as X-API-Key)', writeOnly: true } },
    required: ['apiKey'],
    additionalProperties: false,
  },
  optionsSchema: {
    type: 'object',
    properties: {
      voice: { type: 'string', title: 'Voice when the session names none (Ultravox voice name or id)' },
      maxDuration: { type: 'string', title: 'Longest call, as Ultravox takes it (e.g. "3600s")' },
    },
    additionalProperties: false,
  },
  capabilities: {
    inputAudioFormats: [pcm24k, { type: 'audio/pcmu' }, { type: 'audio/pcma' }],
    outputAudioFormats: [pcm24k, { type: 'audio/pcmu' }, { type: 'audio/pcma' }],
    tools: true,
    textOutput: true,
    inputTranscription: true,
  },
  create: (context) => ({ connect: (config, events, call) => connectUltravox(context, config, events, call) }),
});

export default [ultravoxRealtimeTranslator];
export { ultravoxClientTools } from './ultravox-tools.ts';
export { ultravoxBillingIncrementSeconds } from './ultravox-session.ts';
