import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mapAcmeHttpError } from '../src/map-acme-error.ts';

const failure = (reason: string, detail: string): string => JSON.stringify({ failure: { reason, detail, trace_id: 'tr_1' } });

test('429 with Retry-After is a retryable rate_limit with its delay', () => {
  const error = mapAcmeHttpError(429, { 'retry-after': '3' }, failure('rate_limited', 'Slow down.'));
  assert.equal([error.code, error.retryable, error.retryAfterMs, error.message, error.providerCode], ['rate_limit', true, 3000, 'Slow down.', 'rate_limited']);
});

test("Acme's reason is more precise than its status", () => {
  assert.is(mapAcmeHttpError(400, {}, failure('context_overflow', 'The prompt is 9000 tokens long.')).code, 'context_length');
  assert.is(mapAcmeHttpError(400, {}, failure('safety_block', 'Refused.')).code, 'content_filter');
  assert.is(mapAcmeHttpError(421, {}, failure('wrong_region', 'Wrong region.')).code, 'bad_request');
});

test('a body that is not Acme’s still gives a typed error', () => {
  const error = mapAcmeHttpError(502, {}, '<html>Bad gateway</html>');
  assert.equal([error.code, error.retryable, error.message], ['server', true, 'Acme AI answered HTTP 502']);
});

test.run();
