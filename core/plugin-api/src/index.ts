/**
 * `@conduit/plugin-api`: the stable contract a plugin is written against. The gateway's fast-path
 * mechanics live apart, in the unstable `@conduit/plugin-api/internal`.
 */
export * from './plugin-base.ts';
export * from './plugin-api-version.ts';
export * from './define-plugin.ts';
export * from './provider-plugin.ts';
export type * from './audio-plugin.ts';
export type * from './realtime-translator-plugin.ts';
export * from './routing-strategy-plugin.ts';
export * from './capabilities.ts';
export * from './provider-error.ts';
export * from './map-http-error.ts';
export * from './retry-after.ts';
export * from './sse.ts';
export type { AbortState } from './cancellation.ts';
export * from './http-client.ts';
export * from './logger.ts';
export type * from './json-schema.ts';
export type * from './openai/index.ts';
export * from './stream-phase.ts';
export * from './read-error-body.ts';
export * from './claude-thinking.ts';
export * from './multipart-body.ts';
export { jsonRequestBody, JsonRequestBody } from './json-request-body.ts';
export * from './audio/index.ts';
export * from './realtime/index.ts';
export { createOpenAICompatibleClient, type OpenAICompatibleOptions, type OpenAIEndpoint } from './openai-compatible-client.ts';
export {
  createOpenAICompatibleAudioClient,
  type OpenAICompatibleAudioOptions,
  type OpenAIAudioEndpoint,
} from './openai-compatible-audio-client.ts';
export { readTranscription as readOpenAITranscription, readAudioUsage as readOpenAIAudioUsage } from './audio/read-openai-transcription.ts';
export { speechContentType } from './audio/speech-content-type.ts';
