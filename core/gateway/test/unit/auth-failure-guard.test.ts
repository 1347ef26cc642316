/**
 * Failed authentications ban an address once they reach the limit within the window, for the ban's
 * length; with Redis, failures on every instance count together and each instance learns the ban.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { AuthFailureGuard, type AuthFailureSettings } from '../../src/engine/auth-failures/auth-failure-guard.ts';
import { MemoryCounterStore } from '../../src/infrastructure/counters/memory-counter-store.ts';
import { RedisCounterStore } from '../../src/infrastructure/counters/redis-counter-store.ts';
import { startRedis } from '../../../../test/support/services.ts';

const redis = await startRedis();
const settings: AuthFailureSettings = { authFailureLimit: 3, authFailureWindowSeconds: 60, authBanSeconds: 120 };

const memory = suite('auth failure guard (memory store)');

memory('the limit-th failure within the window bans the address for the ban length; others are untouched', async () => {
  let now = 1_000_000_000;
  const guard = new AuthFailureGuard(new MemoryCounterStore(() => now), () => settings);
  assert.equal(await guard.recordFailure('10.0.0.1', now), { banned: false });
  now += 1000;
  assert.equal(await guard.recordFailure('10.0.0.1', now), { banned: false });
  assert.equal(guard.check('10.0.0.1', now), { banned: false });
  now += 1000;
  assert.equal(await guard.recordFailure('10.0.0.1', now), { banned: true, retryAfterMs: 120_000 });
  now += 20_000;
  assert.equal(guard.check('10.0.0.1', now), { banned: true, retryAfterMs: 100_000 });
  assert.equal(guard.check('10.0.0.2', now), { banned: false }, 'another address is not banned');
  now += 100_000;
  assert.equal(guard.check('10.0.0.1', now), { banned: false }, 'the ban ends after its length');
});

memory('failures spread wider than the window never ban', async () => {
  let now = 2_000_000_000;
  const guard = new AuthFailureGuard(new MemoryCounterStore(() => now), () => settings);
  for (let index = 0; index < 10; index++) {
    assert.equal(await guard.recordFailure('10.0.0.3', now), { banned: false }, `failure ${index + 1}`);
    now += 31_000;
  }
});

memory('a null limit turns banning off, also for a ban already decided', async () => {
  let current: AuthFailureSettings = { ...settings, authFailureLimit: 1 };
  const now = 3_000_000_000;
  const guard = new AuthFailureGuard(new MemoryCounterStore(() => now), () => current);
  assert.ok((await guard.recordFailure('10.0.0.4', now)).banned, 'a limit of 1 bans at the first failure');
  current = { ...settings, authFailureLimit: null };
  assert.equal(guard.check('10.0.0.4', now), { banned: false });
  assert.equal(await guard.recordFailure('10.0.0.4', now), { banned: false });
});

memory.run();

if (redis) {
  const shared = suite('auth failure guard (Redis, two instances)');
  shared.after(() => redis.stop());

  shared('failures on two instances count together; each instance refuses the address once it learns of the ban', async () => {
    const [storeOne, storeTwo] = [new RedisCounterStore(redis.url), new RedisCounterStore(redis.url)];
    try {
      const one = new AuthFailureGuard(storeOne, () => settings);
      const two = new AuthFailureGuard(storeTwo, () => settings);
      const now = Date.now();
      assert.equal(await one.recordFailure('192.0.2.7', now), { banned: false });
      assert.equal(await two.recordFailure('192.0.2.7', now), { banned: false });
      const third = await one.recordFailure('192.0.2.7', now);
      assert.equal(third, { banned: true, retryAfterMs: 120_000 }, 'the third failure overall bans, though instance one saw two');
      assert.ok(one.check('192.0.2.7', now).banned);
      assert.not.ok(two.check('192.0.2.7', now).banned, 'instance two has not heard yet');
      const learned = await two.recordFailure('192.0.2.7', now + 5_000);
      assert.ok(learned.banned, 'its next failure there tells it');
      assert.ok(learned.banned && learned.retryAfterMs <= 120_000 && learned.retryAfterMs > 100_000, 'with the shared ban\'s end, not a new one');
      assert.ok(two.check('192.0.2.7', now + 5_000).banned);
    } finally {
      await storeOne.close();
      await storeTwo.close();
    }
  });

  shared.run();
}
