import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BoundedQueue } from '../../src/infrastructure/database/bounded-queue.ts';

const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, index) => from + index);

test('under its limit it keeps every item in order, and takeAll empties it', () => {
  const queue = new BoundedQueue<number>(5);
  for (const value of range(0, 5)) assert.is(queue.push(value), 0);
  assert.is(queue.length, 5);
  assert.equal(queue.takeAll(), range(0, 5));
  assert.is(queue.length, 0);
  assert.equal(queue.takeAll(), []);
});

test('past its limit each push drops the oldest, across many compactions', () => {
  const queue = new BoundedQueue<number>(4);
  let dropped = 0;
  for (const value of range(0, 1003)) {
    dropped += queue.push(value);
    assert.is(queue.length, Math.min(value + 1, 4));
  }
  assert.is(dropped, 999);
  assert.equal(queue.takeAll(), [999, 1000, 1001, 1002]);
  queue.push(7);
  assert.equal(queue.takeAll(), [7], 'works on after being emptied');
});

test('a million pushes past a 100,000 limit keep the newest 100,000 (a splice per push took minutes)', () => {
  const queue = new BoundedQueue<number>(100_000);
  let dropped = 0;
  for (let value = 0; value < 1_000_000; value++) dropped += queue.push(value);
  assert.is(dropped, 900_000);
  const kept = queue.takeAll();
  assert.is(kept.length, 100_000);
  assert.is(kept[0], 900_000);
  assert.is(kept.at(-1), 999_999);
});

test('prepend puts a batch back before the queued items and drops the oldest past the limit', () => {
  const queue = new BoundedQueue<number>(5);
  queue.push(10);
  queue.push(11);
  assert.is(queue.prepend([1, 2]), 0);
  assert.equal(queue.takeAll(), [1, 2, 10, 11]);
  for (const value of range(10, 17)) queue.push(value);
  assert.is(queue.length, 5);
  assert.is(queue.prepend([1, 2, 3]), 3, 'the three oldest go: the batch put back is older than what is queued');
  assert.equal(queue.takeAll(), [12, 13, 14, 15, 16]);
  queue.push(20);
  assert.is(queue.prepend([1, 2]), 0);
  assert.equal(queue.takeAll(), [1, 2, 20]);
  assert.is(queue.prepend([]), 0);
  assert.is(queue.length, 0);
});

test.run();
