/** The counter store contract on the memory store, and on Redis when it is installed; plus what needs a clock. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MemoryCounterStore } from '../../src/infrastructure/counters/memory-counter-store.ts';
import { RedisCounterStore } from '../../src/infrastructure/counters/redis-counter-store.ts';
import { startRedis } from '../../../../test/support/services.ts';
import { Redis } from 'ioredis';
import { counterStoreContract } from '../support/counter-store-contract.ts';

// Started before any suite is registered, so uvu runs all suites in one pass.
const redis = await startRedis();

counterStoreContract('memory', async () => {
  const store = new MemoryCounterStore();
  return { store, clear: async () => store.clear(), stop: () => store.close() };
}, { interleaves: false });

if (redis) {
  counterStoreContract('redis', async () => {
    const store = new RedisCounterStore(redis.url);
    const admin = new Redis(redis.url);
    return {
      store,
      clear: async () => {
        await admin.flushall();
      },
      async stop() {
        await store.close();
        admin.disconnect();
        await redis.stop();
      },
    };
  }, { interleaves: true });
}

test('the memory store counts an admission before it yields, so admissions can never interleave', async () => {
  // What makes the memory store safe under concurrency: each admit checks and counts within the
  // turn it is called in. An await between the two (or before them) would let callers interleave;
  // the peek below, taken in the same turn as the 40 calls, would then see fewer than 7.
  const store = new MemoryCounterStore();
  const rpm = { counter: 'rpm', windowMs: 60_000, bucketMs: 1_000, limit: 7, weight: 1 };
  const pending = Array.from({ length: 40 }, (_, index) => store.admit({ ticket: `t${index}`, leaseMs: 1000, windows: [rpm], parallel: [], budgets: [] }));
  const seenInTheSameTurn = store.peek([rpm]);
  const results = await Promise.all(pending);
  assert.is((await seenInTheSameTurn)[0]!.used, 7);
  assert.is(results.filter((result) => result.status === 'admitted').length, 7);
});

test('windows slide: a request leaves the window a minute after its second began', async () => {
  let now = 1_000_000_500;
  const store = new MemoryCounterStore(() => now);
  const rpm = { counter: 'rpm', windowMs: 60_000, bucketMs: 1_000, limit: 2, weight: 1 };
  const admit = () => store.admit({ ticket: String(now), leaseMs: 1000, windows: [rpm], parallel: [], budgets: [] });
  assert.is((await admit()).status, 'admitted');
  now += 30_000;
  assert.is((await admit()).status, 'admitted');
  assert.is((await admit()).status, 'refused');
  now += 29_499; // 59.999 s after the first: its bucket (begun at 1_000_000_000) is still in the window
  assert.is((await admit()).status, 'refused');
  now += 1; // its bucket has left
  const after = await admit();
  assert.is(after.status, 'admitted');
  assert.is(after.windows[0]!.used, 2);
});

test('exported windows imported into a new store count the same, and slide out on time', async () => {
  let now = 7_000_000_000;
  const rpd = { counter: 'rpd', windowMs: 86_400_000, bucketMs: 60_000, limit: 3, weight: 1 };
  const rpm = { counter: 'rpm', windowMs: 60_000, bucketMs: 1_000, limit: 5, weight: 1 };
  const before = new MemoryCounterStore(() => now);
  const admit = (store: MemoryCounterStore) => store.admit({ ticket: String(now), leaseMs: 1000, windows: [rpd, rpm], parallel: [], budgets: [] });
  await admit(before);
  now += 3_600_000;
  await admit(before);
  const exported = before.exportWindows();
  now += 120_000; // a restart later: the minute window has emptied, the day window has not
  const after = new MemoryCounterStore(() => now);
  after.importWindows(exported);
  assert.equal((await after.peek([rpd, rpm])).map((reading) => reading.used), [2, 0]);
  assert.is((await admit(after)).status, 'admitted');
  assert.is((await admit(after)).status, 'refused', 'three a day, counted across the restart');
  now += 86_400_000 - 3_600_000 - 120_000; // the first request's minute has left the day
  assert.equal((await after.peek([rpd]))[0]!.used, 2);
});

test('slots and reservations of a request whose instance died lapse with their lease', async () => {
  let now = 5_000_000;
  const store = new MemoryCounterStore(() => now);
  const slots = { counter: 'parallel', limit: 1 };
  await store.admit({ ticket: 'dead', leaseMs: 60_000, windows: [], parallel: [slots], budgets: [] });
  const mark = await store.beginBudgetBuild('budget');
  await store.finishBudgetBuild('budget', mark.generation, { spend: 0, version: 0 });
  await store.admit({ ticket: 'dead', leaseMs: 60_000, windows: [], parallel: [], budgets: [{ counter: 'budget', limit: 1, amount: 1 }] });
  assert.is((await store.admit({ ticket: 'x', leaseMs: 60_000, windows: [], parallel: [slots], budgets: [] })).status, 'refused');
  now += 60_001;
  assert.is((await store.admit({ ticket: 'y', leaseMs: 60_000, windows: [], parallel: [slots], budgets: [] })).status, 'admitted');
  assert.equal(await store.readBudget('budget'), { spend: 0, reserved: 0 });
});

test("a session's next slice under the same ticket replaces its reservation: only the latest is held, until the latest lease lapses", async () => {
  let now = 5_000_000;
  const store = new MemoryCounterStore(() => now);
  const mark = await store.beginBudgetBuild('budget');
  await store.finishBudgetBuild('budget', mark.generation, { spend: 0, version: 0 });
  const reserve = (amount: number) => store.admit({ ticket: 'session', leaseMs: 60_000, windows: [], parallel: [], budgets: [{ counter: 'budget', limit: 100, amount }] });
  assert.is((await reserve(5)).status, 'admitted');
  now += 50_000;
  assert.is((await reserve(3)).status, 'admitted');
  assert.equal(await store.readBudget('budget'), { spend: 0, reserved: 3 });
  now += 11_000; // past the first lease, within the second
  assert.equal(await store.readBudget('budget'), { spend: 0, reserved: 3 });
  now += 50_000;
  assert.equal(await store.readBudget('budget'), { spend: 0, reserved: 0 });
});

test.run();
