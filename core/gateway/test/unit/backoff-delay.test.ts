import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { backoffDelay } from '../../src/engine/routing/backoff-delay.ts';

const settings = { retryBaseDelayMs: 100, retryMaxDelayMs: 1000 };

test('doubles each retry, jittered between half and all of the step', () => {
  assert.is(backoffDelay(1, settings, undefined, () => 0), 50);
  assert.is(backoffDelay(1, settings, undefined, () => 1), 100);
  assert.is(backoffDelay(2, settings, undefined, () => 1), 200);
  assert.is(backoffDelay(3, settings, undefined, () => 0.5), 300);
});

test('never waits longer than the maximum', () => {
  assert.is(backoffDelay(10, settings, undefined, () => 1), 1000);
  assert.ok(backoffDelay(10, settings, undefined, () => 0)! >= 500);
});

test('honours a Retry-After longer than the backoff', () => {
  assert.is(backoffDelay(1, settings, 700, () => 1), 700);
  assert.is(backoffDelay(3, settings, 10, () => 1), 400);
});

test('a Retry-After beyond the maximum means: stop retrying', () => {
  assert.is(backoffDelay(1, settings, 1001, () => 1), undefined);
  assert.is(backoffDelay(1, settings, 1000, () => 1), 1000);
});

test.run();
