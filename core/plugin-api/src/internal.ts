/**
 * `@conduit/plugin-api/internal`: the gateway's fast-path mechanics, UNSTABLE. Anything here may
 * change or disappear in any release, including a patch release, and is not covered by the plugin
 * API version. Conduit's built-in plugins use it; a third-party plugin should not, and loses nothing
 * in correctness by ignoring it (cancel with `CallOptions.signal`, yield plain chunks).
 *
 * - Cancellation: a request's cancellation without making an AbortSignal (`cancellationOf(call)`).
 * - Raw JSON: parsed values carrying the text they were parsed from, so a relay can send it on.
 * - Verbatim strings: long strings of a client's request copied into an upstream body as bytes
 *   (`jsonRequestBody`, public, does the copying).
 * - Raw JSON events and runs: a stream handing out its events' JSON text, or whole stretches of
 *   plain SSE events, instead of parsed chunks.
 */
export { Cancellation, cancellationOf } from './cancellation.ts';
export { markRawJson, rawJsonOf, forgetRawJson } from './raw-json.ts';
export { rawJsonEvents, rawJsonEventsOf, isSseRun, type RawJsonEventIterator, type RawJsonEventSource } from './raw-json-events.ts';
export { SseRunSplitter, errorMention, type SseSplit } from './sse-runs.ts';
export { createOpenAICompatibleClientKeepingRawJson } from './openai-compatible-client.ts';
export { markVerbatimStrings, minVerbatimLength } from './json-request-body.ts';
