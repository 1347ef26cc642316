/**
 * OpenAI's Realtime API (GA) as a realtime translator: a near pass-through to
 * `wss://api.openai.com/v1/realtime?model=…` with the account's key as a Bearer token. Shares the
 * `openai` provider type with the chat provider, so one OpenAI account serves both.
 */
import { connectOpenAIRealtime, definePlugin, PLUGIN_API_VERSION } from '@conduit/plugin-api';

/** `https://host/v1` → `wss://host/v1/realtime?model=…` (http becomes ws, for local fakes and proxies). */
export function openAIRealtimeUrl(baseUrl: string, model: string): string {
  const url = new URL(`${baseUrl.replace(/\/+$/, '')}/realtime`);
  url.protocol = url.protocol === 'http:' ? 'ws:' : 'wss:';
  url.searchParams.set('model', model);
  return url.toString();
}

export const openAIRealtimeTranslator = definePlugin({
  apiVersion: PLUGIN_API_VERSION,
  kind: 'realtime-translator',
  name: 'openai',
  version: '0.1.0',
  displayName: 'OpenAI',
  description: 'OpenAI Realtime API (GA) over WebSocket, passed through',
  defaultBaseUrl: 'https://api.openai.com/v1',
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
  capabilities: {
    inputAudioFormats: [{ type: 'audio/pcm', rate: 24000 }, { type: 'audio/pcmu' }, { type: 'audio/pcma' }],
    outputAudioFormats: [{ type: 'audio/pcm', rate: 24000 }, { type: 'audio/pcmu' }, { type: 'audio/pcma' }],
    voices: ['alloy', 'ash', 'ballad', 'coral', 'echo', 'sage', 'shimmer', 'verse', 'marin', 'cedar'],
    tools: true,
    textOutput: true,
    inputTranscription: true,
  },
  create(context) {
    const options = context.options as { organization?: string; project?: string; headers?: Record<string, string> };
    const headers: Record<string, string> = { ...options.headers };
    if (context.credentials.apiKey) headers.authorization = `Bearer ${context.credentials.apiKey}`;
    if (options.organization) headers['openai-organization'] = options.organization;
    if (options.project) headers['openai-project'] = options.project;
    return {
      connect: (config, events, call) =>
        connectOpenAIRealtime(
          { context, url: openAIRealtimeUrl(context.baseUrl, config.model), headers, providerLabel: 'OpenAI' },
          config,
          events,
          call,
        ),
    };
  },
});
