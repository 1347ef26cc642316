/**
 * ElevenLabs Agents (Conversational AI) as a realtime translator, under the provider type
 * `elevenlabs` (the same account as ElevenLabs' audio plugin). The deployment's provider model is
 * the agent id; the session runs on the agent's conversation WebSocket, opened with a signed URL.
 */
import { definePlugin, PLUGIN_API_VERSION } from '@conduit/plugin-api';
import { connectElevenLabs } from './elevenlabs-session.ts';

const pcm24k = { type: 'audio/pcm', rate: 24000 } as const;

export const elevenLabsAgentsTranslator = definePlugin({
  apiVersion: PLUGIN_API_VERSION,
  kind: 'realtime-translator',
  name: 'elevenlabs',
  version: '0.1.0',
  displayName: 'ElevenLabs',
  description: 'ElevenLabs Agents conversations (WebSocket, signed URL), spoken to as OpenAI Realtime; billed per minute',
  defaultBaseUrl: 'https://api.elevenlabs.io',
  credentialsSchema: {
    type: 'object',
    properties: { apiKey: { type: 'string', title: 'API key (sent as xi-api-key)', writeOnly: true } },
    required: ['apiKey'],
    additionalProperties: false,
  },
  optionsSchema: {
    type: 'object',
    properties: { voiceId: { type: 'string', title: 'Voice id when the session names none (agents: overrides must be allowed)' } },
    additionalProperties: true,
  },
  capabilities: {
    inputAudioFormats: [pcm24k, { type: 'audio/pcmu' }, { type: 'audio/pcma' }],
    outputAudioFormats: [pcm24k, { type: 'audio/pcmu' }, { type: 'audio/pcma' }],
    tools: true,
    textOutput: true,
    inputTranscription: true,
  },
  create: (context) => ({ connect: (config, events, call) => connectElevenLabs(context, config, events, call) }),
});

export default [elevenLabsAgentsTranslator];
export { elevenLabsFormat } from './elevenlabs-audio-format.ts';
export { elevenLabsUsageIntervalSeconds } from './elevenlabs-session.ts';
