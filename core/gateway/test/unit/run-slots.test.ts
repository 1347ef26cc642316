import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ProviderError } from '@conduit/plugin-api';
import { GatewayError } from '../../src/domain/gateway-error.ts';
import { RunSlots } from '../../src/engine/limits/run-slots.ts';

const never = new AbortController().signal;

async function settled<T>(promise: Promise<T>): Promise<'pending' | 'resolved' | 'rejected'> {
  let state: 'pending' | 'resolved' | 'rejected' = 'pending';
  promise.then(
    () => (state = 'resolved'),
    () => (state = 'rejected'),
  );
  await new Promise((resolve) => setImmediate(resolve));
  return state;
}

test('runs up to the concurrency at once; the next waits, in order, and starts when one is released', async () => {
  const slots = new RunSlots(2, 5, 'tests');
  const first = await slots.acquire(never);
  const second = await slots.acquire(never);
  assert.is(slots.active, 2);
  const third = slots.acquire(never);
  const fourth = slots.acquire(never);
  assert.is(await settled(third), 'pending');
  assert.is(slots.queued, 2);
  first.release();
  first.release(); // twice is once
  assert.is(await settled(third), 'resolved');
  assert.is(await settled(fourth), 'pending');
  assert.is(slots.active, 2);
  second.release();
  assert.is(await settled(fourth), 'resolved');
  (await third).release();
  (await fourth).release();
  assert.is(slots.active, 0);
  assert.is(slots.queued, 0);
});

test('beyond the queue a caller is refused at once with a 503, server_overloaded and retry-after', async () => {
  const slots = new RunSlots(1, 1, 'speech transcodings');
  const running = await slots.acquire(never);
  const waiting = slots.acquire(never);
  let refusal: unknown;
  try {
    await slots.acquire(never);
  } catch (error) {
    refusal = error;
  }
  assert.instance(refusal, GatewayError);
  const error = refusal as GatewayError;
  assert.is(error.status, 503);
  assert.is(error.type, 'server_error');
  assert.is(error.code, 'server_overloaded');
  assert.is(error.headers['retry-after'], '1');
  assert.match(error.message, /as many speech transcodings as it allows \(1 at once, 1 waiting\); retry after 1 s/);
  running.release();
  (await waiting).release();
});

test('a queue of 0 refuses whatever cannot start at once', async () => {
  const slots = new RunSlots(1, 0, 'tests');
  const running = await slots.acquire(never);
  assert.is(await settled(slots.acquire(never)), 'rejected');
  running.release();
  (await slots.acquire(never)).release();
});

test('an aborted waiter leaves the queue without ever running; an aborted signal never queues', async () => {
  const slots = new RunSlots(1, 1, 'tests');
  const running = await slots.acquire(never);
  const controller = new AbortController();
  const waiting = slots.acquire(controller.signal);
  assert.is(slots.queued, 1);
  controller.abort();
  let reason: unknown;
  try {
    await waiting;
  } catch (error) {
    reason = error;
  }
  assert.ok(ProviderError.isInstance(reason) && reason.code === 'aborted');
  assert.is(slots.queued, 0);
  // Its place is free for the next one, and releasing the running slot does not start the aborted one.
  const next = slots.acquire(never);
  assert.is(slots.queued, 1);
  running.release();
  assert.is(await settled(next), 'resolved');
  assert.is(slots.active, 1);
  (await next).release();
  assert.is(await settled(slots.acquire(controller.signal)), 'rejected');
  assert.is(slots.active, 0);
});

test.run();
