/** The versioning policy: every version from the oldest supported to the current loads; others are refused naming both. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { apiVersionProblem, kindSince } from '../src/plugin-api-version.ts';
import { OLDEST_PLUGIN_API_VERSION, PLUGIN_API_VERSION } from '../src/plugin-base.ts';

test('the current version is 2, and plugins written against version 1 still load', () => {
  assert.is(PLUGIN_API_VERSION, 2);
  assert.is(OLDEST_PLUGIN_API_VERSION, 1);
  for (let version = OLDEST_PLUGIN_API_VERSION; version <= PLUGIN_API_VERSION; version++) {
    assert.is(apiVersionProblem(version, 'provider'), undefined, `version ${version}`);
    assert.is(apiVersionProblem(version, 'routing-strategy'), undefined, `version ${version}`);
  }
});

test('a plugin newer than the gateway is refused with both versions and what to do', () => {
  assert.is(
    apiVersionProblem(3, 'provider'),
    "apiVersion 3 is newer than this gateway's plugin API (version 2): upgrade the gateway, or use a release of the plugin built for plugin API 2",
  );
});

test('what is not a whole positive number is refused with the supported range', () => {
  for (const value of [0, -1, 1.5, '1', null, undefined, Number.NaN]) {
    assert.match(apiVersionProblem(value) ?? '', /^apiVersion must be a whole number from 1 to 2 \(got /, String(value));
  }
});

test('a kind cannot claim a version older than the one that introduced it', () => {
  assert.equal(kindSince, { provider: 1, 'routing-strategy': 1, audio: 2, 'realtime-translator': 2 });
  assert.match(apiVersionProblem(1, 'audio') ?? '', /kind 'audio' exists since plugin API version 2/);
  assert.match(apiVersionProblem(1, 'realtime-translator') ?? '', /since plugin API version 2/);
  assert.is(apiVersionProblem(2, 'audio'), undefined);
});

test.run();
