import { availableParallelism } from 'node:os';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ConfigError, loadConfig } from '../../src/composition/config/env.ts';

test('defaults: port 8080 on 0.0.0.0, data in ./data, plugins.json at the root, SQLite', () => {
  const config = loadConfig({}, '/srv/conduit');
  assert.is(config.port, 8080);
  assert.is(config.host, '0.0.0.0');
  assert.is(config.dataDir, '/srv/conduit/data');
  assert.is(config.pluginsFile, '/srv/conduit/plugins.json');
  assert.is(config.databaseUrl, undefined);
  assert.is(config.masterKey, undefined);
  assert.is(config.workerRestartMs, 500);
});

test('CONDUIT_WORKER_RESTART_SECONDS sets the first wait before a young worker is replaced', () => {
  assert.is(loadConfig({ CONDUIT_WORKER_RESTART_SECONDS: '0.05' }).workerRestartMs, 50);
});

test('ffmpeg transcodings: by default each worker its share of the CPUs and a queue of four times that; both settable', () => {
  const cpus = availableParallelism();
  const single = loadConfig({}, '/srv/conduit');
  assert.is(single.transcodeConcurrency, cpus);
  assert.is(single.transcodeQueueLimit, cpus * 4);
  const workers = loadConfig({ CONDUIT_WORKERS: String(cpus * 2), REDIS_URL: 'redis://localhost:6379' }, '/srv/conduit');
  assert.is(workers.transcodeConcurrency, 1);
  const set = loadConfig({ CONDUIT_TRANSCODE_CONCURRENCY: '3', CONDUIT_TRANSCODE_QUEUE: '0' }, '/srv/conduit');
  assert.is(set.transcodeConcurrency, 3);
  assert.is(set.transcodeQueueLimit, 0);
  assert.throws(() => loadConfig({ CONDUIT_TRANSCODE_CONCURRENCY: '0' }, '/srv/conduit'), /CONDUIT_TRANSCODE_CONCURRENCY/);
});

test('a bad value stops the start with a message naming the variable', () => {
  for (const [name, value] of [
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'postgres://x/y'],
    ['REDIS_URL', 'localhost:6379'],
    ['CONDUIT_MASTER_KEY', 'short'],
    ['CONDUIT_ENCRYPTION_KEY', 'short'],
    ['CONDUIT_WORKER_RESTART_SECONDS', '0'],
    ['CONDUIT_WORKER_RESTART_SECONDS', 'soon'],
  ]) {
    try {
      loadConfig({ [name!]: value });
      assert.unreachable(`${name}=${value} was accepted`);
    } catch (error) {
      assert.instance(error, ConfigError);
      assert.match((error as Error).message, name!);
    }
  }
});

test('accepted forms of DATABASE_URL and REDIS_URL', () => {
  const config = loadConfig({ DATABASE_URL: 'mysql://u:p@127.0.0.1:3306/conduit', REDIS_URL: 'redis://127.0.0.1:6379' });
  assert.is(config.databaseUrl, 'mysql://u:p@127.0.0.1:3306/conduit');
  assert.is(config.redisUrl, 'redis://127.0.0.1:6379');
});

test('several workers need REDIS_URL: without it the start is refused, since each worker would count and list only its own (limits, budgets, realtime sessions)', () => {
  for (const workers of ['2', 'auto']) {
    const env = { CONDUIT_WORKERS: workers };
    let refused: unknown;
    try {
      const config = loadConfig(env);
      // `auto` on a one-core machine is one worker, which needs nothing shared.
      if (config.workers === 1) continue;
    } catch (error) {
      refused = error;
    }
    assert.instance(refused, ConfigError, `CONDUIT_WORKERS=${workers} without REDIS_URL was accepted`);
    assert.match((refused as Error).message, 'REDIS_URL');
    assert.match((refused as Error).message, 'realtime sessions');
  }
  assert.is(loadConfig({ CONDUIT_WORKERS: '2', REDIS_URL: 'redis://127.0.0.1:6379' }).workers, 2);
});

test('leases: 60 s for slots and reservations, 15 s for the realtime session listing, both settable in seconds', () => {
  const defaults = loadConfig({});
  assert.equal([defaults.leaseMs, defaults.sessionListingLeaseMs], [60_000, 15_000]);
  const set = loadConfig({ CONDUIT_LEASE_SECONDS: '3', CONDUIT_SESSION_LISTING_LEASE_SECONDS: '1.5' });
  assert.equal([set.leaseMs, set.sessionListingLeaseMs], [3000, 1500]);
  for (const name of ['CONDUIT_LEASE_SECONDS', 'CONDUIT_SESSION_LISTING_LEASE_SECONDS']) {
    assert.throws(() => loadConfig({ [name]: '0' }), (error: Error) => error instanceof ConfigError && error.message.includes(name));
  }
});

test('empty variables count as unset', () => {
  assert.is(loadConfig({ PORT: '', DATABASE_URL: '' }).port, 8080);
});

test.run();
