/**
 * The conformance kit: `runConformance` checks a provider plugin against a fake of its upstream.
 * Import it from `@conduit/plugin-api/conformance` in a test file; it needs `uvu` installed.
 */
export { runConformance } from './run-conformance.ts';
export { conformanceGroups } from './conformance-groups.ts';
export type { ConformanceOptions } from './conformance-options.ts';
export type { ConformanceCheck, ConformanceGroup, ConformanceScenario } from './conformance-check.ts';
export type * from './fake-upstream.ts';
