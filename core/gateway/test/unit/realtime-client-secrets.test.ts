/** Client secrets: bound to key and model, single use across holders of one counter store, expiring, unforgeable. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MemoryCounterStore } from '../../src/infrastructure/counters/memory-counter-store.ts';
import { createCredentialCipher } from '../../src/infrastructure/crypto/credential-cipher.ts';
import { RealtimeClientSecrets } from '../../src/engine/realtime/realtime-client-secrets.ts';

function setUp() {
  let now = 1_000_000;
  const clock = () => now;
  const store = new MemoryCounterStore(clock);
  const cipher = createCredentialCipher('a-shared-encryption-key-0123456789');
  // Two instances: the same cipher secret and counter store, as with a shared REDIS_URL.
  const here = new RealtimeClientSecrets(cipher, store, clock);
  const there = new RealtimeClientSecrets(createCredentialCipher('a-shared-encryption-key-0123456789'), store, clock);
  return { here, there, advance: (ms: number) => (now += ms) };
}

test('a secret opens one session of its model, on any instance, once', async () => {
  const { here, there } = setUp();
  const secret = here.mint('hash-of-key', 'gpt-realtime', 60);
  assert.match(secret.value, /^ek_[A-Za-z0-9._-]+$/);
  assert.is(await there.redeem(secret.value, 'other-model'), undefined, 'bound to its model');
  assert.equal(await there.redeem(secret.value, 'gpt-realtime'), { keyHash: 'hash-of-key', session: undefined });
  assert.is(await here.redeem(secret.value, 'gpt-realtime'), undefined, 'single use');
  const configured = here.mint('hash-of-key', 'gpt-realtime', 60, { instructions: 'Be brief.' });
  assert.equal(await there.redeem(configured.value, 'gpt-realtime'), { keyHash: 'hash-of-key', session: { instructions: 'Be brief.' } });
});

test('an expired, tampered or foreign secret is refused', async () => {
  const { here, advance } = setUp();
  const secret = here.mint('hash-of-key', 'gpt-realtime', 60);
  const tampered = secret.value.slice(0, -2) + (secret.value.endsWith('A') ? 'BB' : 'AA');
  assert.is(await here.redeem(tampered, 'gpt-realtime'), undefined);
  const foreign = new RealtimeClientSecrets(createCredentialCipher('another-encryption-key-9876543210'), new MemoryCounterStore(), Date.now).mint('hash-of-key', 'gpt-realtime', 60);
  assert.is(await here.redeem(foreign.value, 'gpt-realtime'), undefined);
  assert.is(await here.redeem('ek_not-a-secret', 'gpt-realtime'), undefined);
  advance(60_001);
  assert.is(await here.redeem(secret.value, 'gpt-realtime'), undefined, 'expired');
});

test.run();
