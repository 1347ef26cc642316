import { spawn } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { createConnection } from 'mysql2/promise';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { findBinary } from './find-binary.ts';
import { freePort, makeTempDir, startMariaDb, startRedis } from './services.ts';
import { waitUntil } from './wait-until.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = resolve(HERE, '../..');
const PROBE = join(HERE, 'fixtures/probe-services.ts');

interface ProbeRun {
  code: number | null;
  stdout: string;
  stderr: string;
  ports: { mariadb: number | null; redis: number | null } | undefined;
}

function runProbe(env: NodeJS.ProcessEnv, mode = ''): Promise<ProbeRun> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', PROBE, mode], { cwd: REPO_ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = /^probe-result: (.*)$/m.exec(stdout)?.[1];
      resolveRun({ code, stdout, stderr, ports: line === undefined ? undefined : JSON.parse(line) });
    });
  });
}

function envWithPath(path: string, requireServices: boolean): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: path };
  if (requireServices) env.CONDUIT_REQUIRE_SERVICES = '1';
  else delete env.CONDUIT_REQUIRE_SERVICES;
  return env;
}

function refusesConnections(port: number): Promise<boolean> {
  return new Promise((resolveCheck) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolveCheck(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolveCheck(error.code === 'ECONNREFUSED'));
  });
}

const [mariadb, redis] = await Promise.all([startMariaDb(), startRedis()]);

if (mariadb) {
  test('MariaDB lets the conduit user create, fill and read a table over TCP', async () => {
    const connection = await createConnection(mariadb.url);
    try {
      await connection.query('CREATE TABLE notes (id INT PRIMARY KEY AUTO_INCREMENT, body VARCHAR(100))');
      await connection.query('INSERT INTO notes (body) VALUES (?), (?)', ['first', 'emoji 🚀']);
      const [rows] = await connection.query('SELECT id, body FROM notes ORDER BY id');
      assert.equal(rows, [{ id: 1, body: 'first' }, { id: 2, body: 'emoji 🚀' }]);
    } finally {
      await connection.end();
    }
  });

  test('MariaDB createDatabase returns a URL to a new database the conduit user owns', async () => {
    const url = await mariadb.createDatabase('second_db');
    assert.ok(url.endsWith(`@127.0.0.1:${mariadb.port}/second_db`));
    const connection = await createConnection(url);
    try {
      await connection.query('CREATE TABLE t (n INT)');
      const [rows] = await connection.query('SELECT DATABASE() AS name');
      assert.equal(rows, [{ name: 'second_db' }]);
    } finally {
      await connection.end();
    }
  });

  test('MariaDB stop shuts the server down and can be called twice', async () => {
    await mariadb.stop();
    await mariadb.stop();
    assert.ok(await refusesConnections(mariadb.port));
  });
}

if (redis) {
  test('Redis counts with INCR', async () => {
    const client = new Redis(redis.url);
    try {
      assert.is(await client.incr('hits'), 1);
      assert.is(await client.incr('hits'), 2);
    } finally {
      client.disconnect();
    }
  });

  test('Redis stop shuts the server down and can be called twice', async () => {
    await redis.stop();
    await redis.stop();
    assert.ok(await refusesConnections(redis.port));
  });
}

test('freePort returns a port nothing listens on', async () => {
  assert.ok(await refusesConnections(await freePort()));
});

test('a missing binary prints a conduit-skip line and returns null', async () => {
  const run = await runProbe(envWithPath(makeTempDir('empty-path'), false));
  assert.is(run.code, 0, run.stderr);
  assert.equal(run.ports, { mariadb: null, redis: null });
  assert.match(run.stdout, /^conduit-skip: mariadb not installed \(mariadbd or mysqld not on PATH\)$/m);
  assert.match(run.stdout, /^conduit-skip: redis not installed \(redis-server not on PATH\)$/m);
});

test('a missing binary is an error naming it when CONDUIT_REQUIRE_SERVICES=1', async () => {
  const run = await runProbe(envWithPath(makeTempDir('empty-path'), true));
  assert.is.not(run.code, 0);
  assert.is(run.ports, undefined);
  assert.not.match(run.stdout, 'conduit-skip:');
  assert.match(run.stderr, /not on PATH/);
});

const serverBinary = findBinary(['mariadbd', 'mysqld']);
if (serverBinary !== null) {
  test('the MariaDB installer is required too, and named when it alone is missing', async () => {
    const dir = makeTempDir('server-only-path');
    symlinkSync(serverBinary, join(dir, 'mariadbd'));
    const run = await runProbe(envWithPath(dir, true));
    assert.is.not(run.code, 0);
    assert.match(run.stderr, 'mariadb-install-db or mysql_install_db is not on PATH');
  });
}

if (mariadb && redis) {
  test('servers a test process never stopped die with it', async () => {
    const run = await runProbe(envWithPath(process.env.PATH ?? '', true), 'leak');
    assert.is(run.code, 0, run.stderr);
    assert.ok(run.ports?.mariadb && run.ports.redis, run.stdout);
    // SIGKILL is delivered at the probe's exit, but the kernel may take a moment to tear a
    // many-threaded mariadbd down and free its port.
    const { mariadb: mariadbPort, redis: redisPort } = run.ports;
    await waitUntil(async () => (await refusesConnections(mariadbPort)) && (await refusesConnections(redisPort)), {
      timeoutMs: 10_000,
      description: 'the leaked servers to stop listening',
    });
  });
}

test.run();
