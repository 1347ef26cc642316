import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { codeForStatus, mapHttpError } from '../src/map-http-error.ts';
import { ProviderError } from '../src/provider-error.ts';

test('statuses map to codes', () => {
  const table: Array<[number, string]> = [
    [400, 'bad_request'],
    [401, 'authentication'],
    [403, 'permission'],
    [404, 'not_found'],
    [408, 'timeout'],
    [409, 'bad_request'],
    [413, 'context_length'],
    [422, 'bad_request'],
    [429, 'rate_limit'],
    [500, 'server'],
    [502, 'server'],
    [503, 'overloaded'],
    [504, 'server'],
    [529, 'overloaded'],
  ];
  assert.equal(table.map(([status]) => [status, codeForStatus(status)]), table);
});

test('a 429 with Retry-After is a retryable rate_limit with retryAfterMs', () => {
  const error = mapHttpError({ status: 429, headers: { 'retry-after': '2' }, message: 'Too many requests' });
  assert.ok(ProviderError.isInstance(error));
  assert.equal(
    [error.code, error.status, error.retryable, error.retryAfterMs, error.message],
    ['rate_limit', 429, true, 2000, 'Too many requests'],
  );
});

test('a 401 is authentication and not retryable', () => {
  const error = mapHttpError({ status: 401, headers: {}, message: 'bad key', providerCode: 'invalid_api_key' });
  assert.equal([error.code, error.retryable, error.providerCode], ['authentication', false, 'invalid_api_key']);
});

test('a 400 whose message speaks of the context window is context_length', () => {
  for (const message of [
    "This model's maximum context length is 8192 tokens",
    'prompt is too long: 210000 tokens > 200000 maximum',
    'Input is too long for requested model.',
  ]) {
    assert.is(mapHttpError({ status: 400, headers: {}, message }).code, 'context_length', message);
  }
  assert.is(mapHttpError({ status: 400, headers: {}, message: 'temperature must be <= 2' }).code, 'bad_request');
});

test('an explicit code wins over the status', () => {
  const error = mapHttpError({ status: 400, headers: {}, message: 'flagged', code: 'content_filter' });
  assert.is(error.code, 'content_filter');
  assert.is(error.retryable, false);
});

test('without a message, the label and status make one', () => {
  assert.is(mapHttpError({ status: 502, headers: {}, providerLabel: 'Acme' }).message, 'Acme answered HTTP 502');
  assert.is(mapHttpError({ status: 502, headers: {}, message: '   ' }).message, 'The provider answered HTTP 502');
});

test('the message is trimmed and param is kept', () => {
  const error = mapHttpError({ status: 400, headers: {}, message: '  bad value \n', param: 'temperature' });
  assert.is(error.message, 'bad value');
  assert.is(error.param, 'temperature');
});

test('a 503 with retry-after-ms is an overloaded error to retry later', () => {
  const error = mapHttpError({ status: 503, headers: { 'retry-after-ms': '800' } });
  assert.equal([error.code, error.retryable, error.retryAfterMs], ['overloaded', true, 800]);
});

test.run();
