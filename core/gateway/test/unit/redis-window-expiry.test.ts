/** Redis window counters expire once their newest bucket has left the window, and not before. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Redis } from 'ioredis';
import { RedisCounterStore } from '../../src/infrastructure/counters/redis-counter-store.ts';
import { startRedis } from '../../../../test/support/services.ts';

const redis = await startRedis();

if (redis) {
  test('a window key lives (buckets + 1) bucket lengths from its newest bucket, then goes', async () => {
    const store = new RedisCounterStore(redis.url);
    const admin = new Redis(redis.url);
    try {
      const window = { counter: 'conduit:{limits}:key:k:rpm', windowMs: 200, bucketMs: 100, limit: 10, weight: 1 };
      const admit = (ticket: string) => store.admit({ ticket, leaseMs: 1000, windows: [window], parallel: [], budgets: [] });
      assert.is((await admit('a')).status, 'admitted');
      const first = await admin.pttl(window.counter);
      assert.ok(first > 0 && first <= 300, `expires within 300 ms (${first})`);
      assert.is((await admit('b')).windows[0]!.used, 2);
      assert.ok((await admin.pttl(window.counter)) > 0, 'still set after a second request');
      await new Promise((resolve) => setTimeout(resolve, 450));
      assert.is(await admin.exists(window.counter), 0, 'gone once its buckets left the window');
      assert.is((await admit('c')).windows[0]!.used, 1, 'a new window starts from nothing');
    } finally {
      await store.close();
      admin.disconnect();
    }
  });
}

test.after(async () => {
  await redis?.stop();
});

test.run();
