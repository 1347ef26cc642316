/**
 * The conformance kit: `runConformance` checks a provider plugin against a fake of its upstream.
 * Import it from `@conduit/plugin-api/conformance` in a test file; it needs `uvu` installed.
 *
 * The testing helpers below are what the kit itself is built from, for a plugin's own tests: the
 * provider-neutral scaffolding of a fake upstream (server, reply script, assembly), and the set-up
 * and readers of client tests. A fake written with them keeps only its provider's wire format.
 */
export { runConformance } from './run-conformance.ts';
export { conformanceGroups } from './conformance-groups.ts';
export { runAudioConformance, audioCapabilitiesOf } from './run-audio-conformance.ts';
export { audioChecks } from './audio-checks.ts';
export type * from './audio-conformance-options.ts';
export type * from './audio-conformance-check.ts';
export type { ConformanceOptions } from './conformance-options.ts';
export type { ConformanceCheck, ConformanceGroup, ConformanceScenario } from './conformance-check.ts';
export type * from './fake-upstream.ts';

// A fake upstream's scaffolding.
export * from './testing/start-fake-http-server.ts';
export * from './testing/handle-fake-request.ts';
export * from './testing/client-close-watch.ts';
export * from './testing/fake-reply-script.ts';
export * from './testing/assemble-fake-upstream.ts';
export * from './testing/parse-json-body.ts';
export * from './testing/split-pieces.ts';

// Client tests.
export * from './testing/start-plugin-harness.ts';
export * from './testing/create-plugin-client.ts';
export * from './testing/test-call-options.ts';
export * from './testing/collect-stream.ts';
export * from './testing/streamed-text.ts';
export * from './testing/expect-provider-error.ts';
export * from './testing/wait-until.ts';
export * from './testing/within.ts';

// Routing-strategy plugin tests.
export * from './testing/route-candidates.ts';

// Realtime translators.
export { runRealtimeConformance, type RealtimeConformanceOptions } from './realtime/run-realtime-conformance.ts';
export type { RealtimeFakeUpstream } from './realtime/realtime-fake-upstream.ts';
export * from './realtime/realtime-harness.ts';
export * from './testing/start-fake-websocket-server.ts';
