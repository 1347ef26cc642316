import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mapAnthropicHttpError, mapAnthropicStreamError } from '../src/map-error.ts';
import { loadFixture } from './load-fixture.ts';

interface ErrorCase {
  name: string;
  status: number;
  headers: Record<string, string>;
  body: unknown;
  expected: { code: string; retryable: boolean; retryAfterMs?: number; providerCode?: string; message?: string };
}

for (const fixture of loadFixture<ErrorCase[]>('error-bodies.json')) {
  test(`HTTP ${fixture.status}: ${fixture.name}`, () => {
    const text = typeof fixture.body === 'string' ? fixture.body : JSON.stringify(fixture.body);
    const error = mapAnthropicHttpError(fixture.status, fixture.headers, text);
    assert.is(error.code, fixture.expected.code);
    assert.is(error.status, fixture.status);
    assert.is(error.retryable, fixture.expected.retryable);
    assert.is(error.retryAfterMs, fixture.expected.retryAfterMs);
    assert.is(error.phase, 'before-output');
    if (fixture.expected.providerCode) assert.is(error.providerCode, fixture.expected.providerCode);
    if (fixture.expected.message) assert.is(error.message, fixture.expected.message);
    assert.ok(error.message.length > 0);
  });
}

test('an empty error body still yields a message naming Anthropic and the status', () => {
  const error = mapAnthropicHttpError(503, {}, '');
  assert.is(error.code, 'overloaded');
  assert.is(error.message, 'Anthropic answered HTTP 503');
});

test('stream error events map by error type', () => {
  assert.is(mapAnthropicStreamError({ type: 'api_error', message: 'Internal server error' }).code, 'server');
  assert.is(mapAnthropicStreamError({ type: 'rate_limit_error', message: 'slow down' }).code, 'rate_limit');
  const tooLong = mapAnthropicStreamError({ type: 'invalid_request_error', message: 'prompt is too long: 300000 tokens > 200000 maximum' });
  assert.is(tooLong.code, 'context_length');
  assert.is(tooLong.status, 400);
  assert.is(mapAnthropicStreamError(undefined).code, 'server');
});

test.run();
