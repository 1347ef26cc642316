/**
 * `@conduit/plugin-api/internal`: the gateway's fast-path mechanics, UNSTABLE. Anything here may
 * change or disappear in any release, including a patch release, and is not covered by the plugin
 * API version. Conduit's built-in plugins use it; a third-party plugin should not, and loses nothing
 * in correctness by ignoring it (cancel with `CallOptions.signal`, yield plain chunks).
 *
 * - Cancellation: a request's cancellation without making an AbortSignal (`cancellationOf(call)`).
 * - Raw JSON: parsed values carrying the text they were parsed from, so a relay can send it on.
 * - Long strings: a client's request's long strings, marked while it is served, so that upstream
 *   bodies (`jsonRequestBody`, public) take them piece by piece, plain ones as the bytes they came as.
 * - Raw JSON events and runs: a stream handing out its events' JSON text, or whole stretches of
 *   plain SSE events, instead of parsed chunks.
 * - JSON size: about how many characters a value serialises to, looking no further than a bound.
 * - Raw JSON bytes: a large answer read a piece at a time, its long strings decoded only when read,
 *   and the bytes it came as, for a relay to send on.
 */
export { Cancellation, cancellationOf } from './cancellation.ts';
export { markRawJson, rawJsonOf, forgetRawJson } from './raw-json.ts';
export { rawJsonEvents, rawJsonEventsOf, isSseRun, type RawJsonEventIterator, type RawJsonEventSource } from './raw-json-events.ts';
export { SseRunSplitter, errorMention, type SseSplit } from './sse-runs.ts';
export { createOpenAICompatibleClientKeepingRawJson } from './openai-compatible-client.ts';
export { markLongStrings, longStringOf, type LongString } from './long-strings.ts';
export { sizeUpTo } from './serialize-json-in-slices.ts';
export { markRawJsonBytes, rawJsonBytesOf, forgetRawJsonBytes, type RawJsonBytes } from './raw-json-bytes.ts';
export { readJsonWithLongStrings, type JsonWithLongStrings } from './read-json-with-long-strings.ts';
