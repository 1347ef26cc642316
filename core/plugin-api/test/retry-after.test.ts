import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { firstHeader, parseRetryAfter } from '../src/retry-after.ts';

const now = Date.UTC(2025, 0, 15, 12, 0, 0);

test('retry-after in seconds', () => {
  assert.is(parseRetryAfter({ 'retry-after': '5' }, now), 5000);
  assert.is(parseRetryAfter({ 'retry-after': '0' }, now), 0);
  assert.is(parseRetryAfter({ 'retry-after': '1.5' }, now), 1500);
});

test('retry-after-ms wins over retry-after', () => {
  assert.is(parseRetryAfter({ 'retry-after-ms': '250', 'retry-after': '5' }, now), 250);
  assert.is(parseRetryAfter({ 'retry-after-ms': '12.6' }, now), 13);
});

test('an unreadable retry-after-ms falls back to retry-after', () => {
  assert.is(parseRetryAfter({ 'retry-after-ms': 'soon', 'retry-after': '2' }, now), 2000);
});

test('retry-after as an HTTP date', () => {
  const in30s = new Date(now + 30_000).toUTCString();
  assert.is(parseRetryAfter({ 'retry-after': in30s }, now), 30_000);
});

test('an HTTP date in the past means retry now', () => {
  assert.is(parseRetryAfter({ 'retry-after': new Date(now - 60_000).toUTCString() }, now), 0);
});

test('absent or unreadable gives undefined', () => {
  assert.is(parseRetryAfter({}, now), undefined);
  assert.is(parseRetryAfter({ 'retry-after': 'whenever' }, now), undefined);
});

test('the first of repeated headers is used', () => {
  assert.is(parseRetryAfter({ 'retry-after': ['3', '9'] }, now), 3000);
  assert.is(firstHeader(['a', 'b']), 'a');
  assert.is(firstHeader('a'), 'a');
  assert.is(firstHeader(undefined), undefined);
});

test.run();
