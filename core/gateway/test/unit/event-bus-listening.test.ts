/**
 * EventBus.listening: publishers of frequent events (every request) skip the work when nobody, on
 * any instance, subscribes. In memory it follows this instance's listeners; with Redis it also asks
 * Redis which channels other instances subscribe (PUBSUB NUMSUB, twice a second).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createEventBus } from '../../src/infrastructure/events/event-bus.ts';
import { startRedis } from '../../../../test/support/services.ts';

const topic = 'conduit:requestLogged';

async function eventually(check: () => boolean, timeoutMs = 5000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
}

test('in memory: listening follows this instance’s subscribers', async () => {
  const bus = createEventBus({});
  assert.is(bus.listening(topic), false);
  const iterator = bus.pubSub.subscribe(topic as 'requestLogged')[Symbol.asyncIterator]();
  const pending = iterator.next();
  assert.is(bus.listening(topic), true);
  await iterator.return?.();
  await pending;
  assert.is(bus.listening(topic), false);
  await bus.close();
});

test('with Redis: a subscriber on another instance is seen within a second, and its leaving too', async () => {
  const redis = await startRedis();
  if (!redis) return;
  const publisher = createEventBus({ redisUrl: redis.url });
  const subscriber = createEventBus({ redisUrl: redis.url });
  try {
    assert.is(publisher.listening(topic), true, 'before the first answer it publishes, rather than miss events');
    assert.ok(await eventually(() => !publisher.listening(topic)), 'nobody subscribes: not listening');
    const iterator = subscriber.pubSub.subscribe(topic as 'requestLogged')[Symbol.asyncIterator]();
    const pending = iterator.next();
    assert.ok(await eventually(() => publisher.listening(topic)), 'a subscriber elsewhere is seen');
    await iterator.return?.();
    await pending;
    assert.ok(await eventually(() => !publisher.listening(topic)), 'and its leaving');
  } finally {
    await publisher.close();
    await subscriber.close();
    await redis.stop();
  }
});

test.run();
