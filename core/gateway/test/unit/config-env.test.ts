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

test('empty variables count as unset', () => {
  assert.is(loadConfig({ PORT: '', DATABASE_URL: '' }).port, 8080);
});

test.run();
