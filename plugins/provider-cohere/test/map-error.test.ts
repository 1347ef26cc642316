import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mapCohereHttpError } from '../src/map-error.ts';
import { readFixture } from './read-fixture.ts';

interface ErrorFixture {
  status: number;
  body: string;
  code: string;
  message?: string;
}

for (const fixture of readFixture<ErrorFixture[]>('error-bodies.json')) {
  test(`HTTP ${fixture.status} maps to ${fixture.code}`, () => {
    const error = mapCohereHttpError(fixture.status, {}, fixture.body);
    assert.is(error.code, fixture.code);
    assert.is(error.status, fixture.status);
    assert.is(error.phase, 'before-output');
    if (fixture.message) assert.is(error.message, fixture.message);
    assert.ok(error.message.length > 0);
  });
}

test('429 carries Retry-After as retryAfterMs and is retryable', () => {
  const error = mapCohereHttpError(429, { 'retry-after': '7' }, '{"message":"rate limited"}');
  assert.is(error.retryAfterMs, 7000);
  assert.ok(error.retryable);
});

test('401, 402 and 498 are not retryable; 500, 503 and 499 are', () => {
  for (const status of [401, 402, 498]) assert.not.ok(mapCohereHttpError(status, {}, '{}').retryable, String(status));
  for (const status of [499, 500, 503]) assert.ok(mapCohereHttpError(status, {}, '{}').retryable, String(status));
});

test('an empty body still gives a message naming Cohere and the status', () => {
  assert.is(mapCohereHttpError(500, {}, '').message, 'Cohere answered HTTP 500');
});

test.run();
