import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ProviderErrorCode } from '@conduit/plugin-api';
import { mapGeminiError, retryDelayMs } from '../src/map-gemini-error.ts';
import { readFixture } from './read-fixture.ts';

const errors = readFixture<Record<string, { status: number; body: unknown }>>('errors.json');

function map(name: string, headers: Record<string, string> = {}) {
  const fixture = errors[name]!;
  return mapGeminiError({ status: fixture.status, headers, body: JSON.stringify(fixture.body) });
}

const expected: Array<[string, ProviderErrorCode, boolean]> = [
  ['invalidApiKey', 'authentication', false],
  ['missingApiKey', 'authentication', false],
  ['permissionDenied', 'permission', false],
  ['rateLimited', 'rate_limit', true],
  ['contextLength', 'context_length', false],
  ['invalidArgument', 'bad_request', false],
  ['notFound', 'not_found', false],
  ['internal', 'server', true],
  ['overloaded', 'overloaded', true],
  ['deadline', 'timeout', true],
  ['wrappedInArray', 'overloaded', true],
];

for (const [name, code, retryable] of expected) {
  test(`${name} -> ${code}${retryable ? ' (retryable)' : ''}`, () => {
    const error = map(name);
    assert.is(error.code, code);
    assert.is(error.retryable, retryable);
    assert.is(error.status, errors[name]!.status);
    assert.is(error.phase, 'before-output');
  });
}

test("Google's message and canonical status (or ErrorInfo reason) are kept", () => {
  const invalid = map('invalidApiKey');
  assert.is(invalid.message, 'API key not valid. Please pass a valid API key.');
  assert.is(invalid.providerCode, 'API_KEY_INVALID');
  assert.is(map('overloaded').providerCode, 'UNAVAILABLE');
});

test('429: RetryInfo.retryDelay (fractional seconds) sets retryAfterMs, rounded up', () => {
  assert.is(map('rateLimited').retryAfterMs, 45_838);
});

test('429: a Retry-After header wins over RetryInfo', () => {
  assert.is(map('rateLimited', { 'retry-after': '3' }).retryAfterMs, 3000);
});

test('retry delays: whole seconds, missing detail, malformed value', () => {
  assert.is(retryDelayMs([{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '7s' }]), 7000);
  assert.is(retryDelayMs([{ '@type': 'type.googleapis.com/google.rpc.Help' }]), undefined);
  assert.is(retryDelayMs([{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: 'soon' }]), undefined);
  assert.is(retryDelayMs(undefined), undefined);
});

test('a body that is not Google JSON still gives a useful error by status', () => {
  const error = mapGeminiError({ status: 502, headers: {}, body: '<html>Bad Gateway</html>' });
  assert.is(error.code, 'server');
  assert.is(error.message, 'Bad Gateway', 'the text of a proxy page, without markup');
  const empty = mapGeminiError({ status: 429, headers: {}, body: '' });
  assert.is(empty.code, 'rate_limit');
  assert.is(empty.message, 'Gemini answered HTTP 429');
});

test.run();
