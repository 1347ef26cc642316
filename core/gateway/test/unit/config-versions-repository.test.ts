/**
 * Configuration versions in the database: what `read` gives back is what `bump` returned, so an
 * instance's own change is not taken for another instance's at its next version check (which would
 * reload the entity again and log a change "elsewhere"). Real SQLite.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { makeTempDir } from '../../../../test/support/make-temp-dir.ts';
import { openDatabase } from '../../src/infrastructure/database/open-database.ts';
import { ConfigVersionsRepository } from '../../src/infrastructure/database/config-versions-repository.ts';
import { ConfigChanges } from '../../src/engine/state/config-changes.ts';
import { createEventBus } from '../../src/infrastructure/events/event-bus.ts';
import type { ConfigState } from '../../src/engine/state/config-state.ts';
import type { VirtualKeyCache } from '../../src/engine/keys/virtual-key-cache.ts';
import type { ConfigEntity } from '../../src/ports/event-bus.ts';

test('read gives back the version bump returned; an own change is not applied again at the next check', async () => {
  const database = await openDatabase({ databaseUrl: undefined, dataDir: makeTempDir('config-versions') });
  const bus = createEventBus({});
  try {
    const versions = new ConfigVersionsRepository(database.models);
    const bumped = await versions.bump('deployment');
    assert.is((await versions.read()).get('deployment'), bumped);

    const reloaded: Array<ConfigEntity | undefined> = [];
    const state = { reload: async (entity?: ConfigEntity) => void reloaded.push(entity) } as unknown as ConfigState;
    const logged: string[] = [];
    const logger = { info: (_fields: unknown, message: string) => logged.push(message), warn() {}, error() {}, debug() {}, isLevelEnabled: () => true } as never;
    const changes = new ConfigChanges(bus, state, { invalidate: () => {} } as unknown as VirtualKeyCache, {
      versions,
      initial: await versions.read(),
      checkIntervalMs: 60_000,
      logger,
    });
    await changes.committed({ entity: 'provider' });
    const applied = reloaded.length;
    await changes.checkVersions();
    assert.is(reloaded.length, applied, 'the own change is not applied again');
    assert.equal(logged, []);
    // A change made elsewhere (a bump this instance did not make) still is.
    await versions.bump('provider');
    await changes.checkVersions();
    assert.equal(reloaded.slice(applied), ['provider']);
    changes.close();
  } finally {
    await bus.close();
    await database.close();
  }
});

test.run();
