/**
 * The key cache when a change lands while a key is being read: the waiting request gets the key as it
 * is after the change, never the aborted read's rejection, and the cache never keeps the old key.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { VirtualKeyCache } from '../../src/engine/keys/virtual-key-cache.ts';
import { storedKey } from '../support/stored-key.ts';

/** A store whose reads wait until the test lets them answer with whatever the key is then. */
function heldStore() {
  let current = storedKey('before');
  const waiting: Array<() => void> = [];
  return {
    store: {
      findByHash: async () => {
        await new Promise<void>((resolve) => waiting.push(resolve));
        return current;
      },
    },
    change(name: string) {
      current = storedKey(name);
    },
    answer() {
      for (const resolve of waiting.splice(0)) resolve();
    },
    get waiting() {
      return waiting.length;
    },
  };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

for (const [label, invalidate] of [
  ['one key', (cache: VirtualKeyCache) => cache.invalidate('key-1')],
  ['every key', (cache: VirtualKeyCache) => cache.invalidate()],
] as const) {
  test(`invalidating ${label} while its first read is in flight: the lookup answers the changed key`, async () => {
    const held = heldStore();
    const cache = new VirtualKeyCache(held.store);
    const lookup = cache.lookup('hash');
    await turn();
    held.change('after');
    invalidate(cache);
    while (held.waiting > 0) {
      held.answer();
      await turn();
    }
    assert.is((await lookup)?.name, 'after');
    const again = cache.lookup('hash');
    await turn();
    assert.is(held.waiting, 0, 'the changed key is cached');
    assert.is((await again)?.name, 'after');
  });
}

test('invalidating a cached key while another lookup reads it again: the reread is not lost', async () => {
  const held = heldStore();
  const cache = new VirtualKeyCache(held.store);
  const first = cache.lookup('hash');
  await turn();
  held.answer();
  assert.is((await first)?.name, 'before');
  cache.invalidate('key-1');
  const second = cache.lookup('hash');
  await turn();
  held.change('after');
  cache.invalidate('key-1');
  while (held.waiting > 0) {
    held.answer();
    await turn();
  }
  assert.is((await second)?.name, 'after');
});

test('a store failure still reaches the caller when nothing was invalidated', async () => {
  const cache = new VirtualKeyCache({ findByHash: async () => Promise.reject(new Error('database is gone')) });
  await cache.lookup('hash').then(
    () => assert.unreachable('the lookup should fail'),
    (error: Error) => assert.is(error.message, 'database is gone'),
  );
});

test.run();
