/** Realtime helpers: the upstream WebSocket opener and OpenAI-shaped error events. */
export * from './open-websocket.ts';
export * from './realtime-error-event.ts';
export * from './openai-realtime-usage.ts';
export * from './openai-realtime-transcription.ts';
export * from './openai-realtime-session.ts';
export * from './session-clock.ts';
export * from './synthesized-session.ts';
export * from './synthesized-responses.ts';
