/** The public entry holds the contract; the fast-path mechanics are only in the unstable `./internal`. */
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as publicEntry from '../src/index.ts';
import * as internalEntry from '../src/internal.ts';

const mechanics = [
  'Cancellation',
  'cancellationOf',
  'markRawJson',
  'rawJsonOf',
  'forgetRawJson',
  'rawJsonEvents',
  'rawJsonEventsOf',
  'isSseRun',
  'SseRunSplitter',
  'errorMention',
  'createOpenAICompatibleClientKeepingRawJson',
];

test('the public entry exports none of the fast-path mechanics', () => {
  for (const name of mechanics) assert.not.ok(name in publicEntry, `${name} is not public`);
});

test('the internal entry exports each of them', () => {
  for (const name of mechanics) assert.ok(name in internalEntry, `${name} is internal`);
});

test('the public entry has what a third party needs', () => {
  for (const name of [
    'definePlugin',
    'ProviderError',
    'mapHttpError',
    'readErrorBody',
    'createHttpClient',
    'parseSse',
    'SseParser',
    'formatSse',
    'withStreamPhase',
    'networkError',
    'createOpenAICompatibleClient',
    'capabilitiesOf',
    'mergeCapabilities',
    'noCapabilities',
    'PLUGIN_API_VERSION',
    'OLDEST_PLUGIN_API_VERSION',
    'apiVersionProblem',
  ]) {
    assert.ok(name in publicEntry, `${name} is public`);
  }
});

test('package.json exports the public, conformance and internal entry points', () => {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { exports: Record<string, string> };
  assert.equal(manifest.exports, { '.': './src/index.ts', './conformance': './src/conformance/index.ts', './internal': './src/internal.ts' });
  assert.match(readFileSync(new URL('../src/internal.ts', import.meta.url), 'utf8'), /UNSTABLE\. Anything here may\s+\*?\s*change or disappear in any release/);
});

test.run();
