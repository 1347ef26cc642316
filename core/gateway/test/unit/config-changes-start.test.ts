/**
 * An instance that is starting loads its configuration, then subscribes to change events. A change
 * committed by another instance in between sends its event before this one listens: the instance
 * compares versions as soon as its subscription holds, so it applies that change at once rather
 * than at the first check interval. Real Redis; the versions store and the snapshot are stand-ins.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createEventBus } from '../../src/infrastructure/events/event-bus.ts';
import { ConfigChanges } from '../../src/engine/state/config-changes.ts';
import type { ConfigState } from '../../src/engine/state/config-state.ts';
import type { VirtualKeyCache } from '../../src/engine/keys/virtual-key-cache.ts';
import type { ConfigEntity } from '../../src/ports/event-bus.ts';
import type { ConfigVersions } from '../../src/ports/config-versions.ts';
import { createLogger } from '../../src/infrastructure/logging/logger.ts';
import { startRedis } from '../../../../test/support/services.ts';
import { waitUntil } from '../../../../test/support/wait-until.ts';

function recordingState(): { state: ConfigState; reloaded: Array<ConfigEntity | undefined> } {
  const reloaded: Array<ConfigEntity | undefined> = [];
  const state = { reload: async (entity?: ConfigEntity) => void reloaded.push(entity) } as unknown as ConfigState;
  return { state, reloaded };
}

const keys = { invalidate: () => {} } as unknown as VirtualKeyCache;

test('with Redis: a change committed while the instance subscribes is applied once events flow, not at the first interval', async () => {
  const redis = await startRedis();
  if (!redis) return;
  const stored = new Map<ConfigEntity, string>();
  const versions: ConfigVersions = {
    bump: async (entity) => {
      const next = String(Number(stored.get(entity) ?? 0) + 1);
      stored.set(entity, next);
      return next;
    },
    read: async () => new Map(stored),
  };
  const initial = await versions.read();
  // Another instance's change, committed after this one loaded its configuration.
  await versions.bump('deployment');
  const bus = createEventBus({ redisUrl: redis.url });
  const other = createEventBus({ redisUrl: redis.url });
  const { state, reloaded } = recordingState();
  const changes = new ConfigChanges(bus, state, keys, { versions, initial, checkIntervalMs: 60_000, logger: createLogger('silent') });
  try {
    await waitUntil(async () => reloaded.includes('deployment'), { timeoutMs: 5000, description: 'the missed change applied well before the 60 s check' });
    await bus.configChangesArrive();
    other.publishConfigChanged({ entity: 'provider', origin: 'another-instance' });
    await waitUntil(async () => reloaded.includes('provider'), { timeoutMs: 5000, description: 'an event published once subscribed to arrive' });
  } finally {
    changes.close();
    await Promise.all([bus.close(), other.close()]);
    await redis.stop();
  }
});

test('in memory: events arrive from the start', async () => {
  const bus = createEventBus({});
  const { state, reloaded } = recordingState();
  const changes = new ConfigChanges(bus, state, keys);
  await bus.configChangesArrive();
  bus.publishConfigChanged({ entity: 'provider', origin: 'elsewhere' });
  await waitUntil(async () => reloaded.includes('provider'), { timeoutMs: 5000, description: 'the in-memory event to arrive' });
  changes.close();
  await bus.close();
});

test.run();
