/**
 * A key changed inside an admin mutation's transaction: a request that reads the key before the
 * commit sees the old row (it reads outside the transaction). The cache must not keep that row once
 * the change committed.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createEventBus } from '../../src/infrastructure/events/event-bus.ts';
import { ConfigChanges } from '../../src/engine/state/config-changes.ts';
import type { ConfigState } from '../../src/engine/state/config-state.ts';
import { VirtualKeyCache } from '../../src/engine/keys/virtual-key-cache.ts';
import type { CommitScope } from '../../src/ports/commit-scope.ts';
import { storedKey as row } from '../support/stored-key.ts';

test('a key read between the in-transaction change and the commit is read again after the commit', async () => {
  let committedRow = row('before');
  const cache = new VirtualKeyCache({ findByHash: async () => committedRow });
  const settled: Array<() => Promise<void> | void> = [];
  const scope: CommitScope = {
    whenSettled: (committed) => {
      settled.push(committed);
      return true;
    },
  };
  const bus = createEventBus({});
  const changes = new ConfigChanges(bus, { reload: async () => {} } as unknown as ConfigState, cache, undefined, scope);
  assert.is((await cache.lookup('hash'))?.name, 'before');

  await changes.committed({ entity: 'virtualKey', id: 'key-1' });
  assert.is((await cache.lookup('hash'))?.name, 'before', 'a request in the window reads the committed (old) row');

  committedRow = row('after');
  for (const run of settled) await run();
  assert.is((await cache.lookup('hash'))?.name, 'after');
  changes.close();
  await bus.close();
});

test('a reload that read the old rows before the commit (one already running, which the change joined) is done again after it', async () => {
  let committedDeployments = ['old'];
  let snapshot: string[] = [];
  // The in-transaction reload joined a reload already running outside the transaction: it reads what is committed.
  const state = { reload: async () => void (snapshot = [...committedDeployments]) } as unknown as ConfigState;
  const settled: Array<() => Promise<void> | void> = [];
  const scope: CommitScope = { whenSettled: (committed) => (settled.push(committed), true) };
  const bus = createEventBus({});
  const changes = new ConfigChanges(bus, state, new VirtualKeyCache({ findByHash: async () => null }), undefined, scope);

  await changes.committed({ entity: 'deployment', id: 'new' });
  assert.equal(snapshot, ['old']);
  committedDeployments = ['old', 'new'];
  for (const run of settled) await run();
  assert.equal(snapshot, ['old', 'new'], 'the committed deployment is served');
  changes.close();
  await bus.close();
});

test.run();
