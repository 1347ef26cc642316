/**
 * The gateway's SQLite connections (sqlite-connections.ts), on a real database file: a transaction's
 * connection, with its page cache, serves the next transaction; a transaction whose COMMIT failed
 * does not keep its connection, and so its lock; closing the database closes every connection.
 */
import { readdirSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { QueryTypes } from 'sequelize';
import sqlite3 from 'sqlite3';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { openDatabase, type Database } from '../../src/infrastructure/database/open-database.ts';
import { makeTempDir, removeTempDir } from '../../../../test/support/make-temp-dir.ts';

async function withDatabase(run: (database: Database, file: string) => Promise<void>): Promise<void> {
  const dataDir = makeTempDir('sqlite-connections');
  const database = await openDatabase({ databaseUrl: undefined, dataDir });
  try {
    await run(database, path.join(dataDir, 'conduit.sqlite'));
  } finally {
    await database.close();
    removeTempDir(dataDir);
  }
}

const select = async <Row extends object>(database: Database, sql: string, transaction?: unknown): Promise<Row[]> =>
  database.sequelize.query<Row>(sql, { type: QueryTypes.SELECT, ...(transaction ? { transaction: transaction as never } : {}) });

/** Descriptors of this process open on `file` (the database file itself, not its WAL). */
function openDescriptors(file: string): number {
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === file;
    } catch {
      return false;
    }
  }).length;
}

/**
 * Counts connections closed from now on. (Open descriptors cannot tell: SQLite keeps a closed
 * connection's descriptor open while another connection of the process holds a lock on the file.)
 */
function countCloses(): { count: number; stop(): void } {
  const prototype = sqlite3.Database.prototype;
  const close = prototype.close;
  const counter = {
    count: 0,
    stop: () => {
      prototype.close = close;
    },
  };
  prototype.close = function (this: sqlite3.Database, ...args: Parameters<typeof close>) {
    counter.count++;
    return close.apply(this, args);
  } as typeof close;
  return counter;
}

test('one transaction after another runs on the same connection, with a larger page cache', async () => {
  await withDatabase(async (database) => {
    // A TEMP table lives as long as its connection: the next transaction sees it only on the same one.
    await database.sequelize.transaction((transaction) => database.sequelize.query('CREATE TEMP TABLE connection_marker (x INTEGER)', { transaction }));
    for (let index = 0; index < 5; index++) {
      await database.sequelize.transaction(async (transaction) => {
        const [marker] = await select<{ n: number }>(database, "SELECT COUNT(*) AS n FROM temp.sqlite_master WHERE name = 'connection_marker'", transaction);
        assert.is(Number(marker!.n), 1, `transaction ${index + 2} runs on the first one's connection`);
        const [cache] = await select<{ cache_size: number }>(database, 'PRAGMA cache_size', transaction);
        assert.is(Number(cache!.cache_size), -32_768);
      });
    }
    const [outside] = await select<{ cache_size: number }>(database, 'PRAGMA cache_size');
    assert.is(Number(outside!.cache_size), -32_768, 'the connection outside transactions too');
  });
});

test('transactions at once each get a connection; only a few are kept afterwards', async () => {
  await withDatabase(async (database, file) => {
    const before = openDescriptors(file);
    let inside = 0;
    let during = 0;
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const transactions = Array.from({ length: 5 }, () =>
      database.sequelize.transaction(async (transaction) => {
        await select(database, 'SELECT 1', transaction);
        if (++inside === 5) {
          during = openDescriptors(file);
          release();
        }
        await released;
      }),
    );
    const closed = countCloses();
    try {
      await Promise.all(transactions);
      assert.is(during, before + 5, 'five transactions at once, five connections');
      assert.is(closed.count, 3, 'two connections are kept, the other three closed');
    } finally {
      closed.stop();
    }
  });
});

test('a transaction whose COMMIT fails leaves no lock behind and commits nothing', async () => {
  await withDatabase(async (database) => {
    await database.sequelize.query('CREATE TABLE parents (id INTEGER PRIMARY KEY)');
    await database.sequelize.query('CREATE TABLE children (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parents (id))');
    // Deferred foreign keys are checked at COMMIT, which then fails and leaves the transaction open.
    const failed = await database.sequelize
      .transaction(async (transaction) => {
        await database.sequelize.query('PRAGMA defer_foreign_keys = ON', { transaction });
        await database.sequelize.query('INSERT INTO children (id, parent_id) VALUES (1, 42)', { transaction });
      })
      .then(
        () => undefined,
        (error: Error) => error,
      );
    assert.ok(failed, 'the COMMIT failed');
    assert.match(String(failed!.message), /FOREIGN KEY/);
    const started = performance.now();
    await database.sequelize.transaction((transaction) => database.sequelize.query('INSERT INTO parents (id) VALUES (7)', { transaction }));
    assert.ok(performance.now() - started < 4_000, 'the next writer did not wait out the busy timeout on a leftover lock');
    const children = await select<{ n: number }>(database, 'SELECT COUNT(*) AS n FROM children');
    assert.is(Number(children[0]!.n), 0);
    const parents = await select<{ id: number }>(database, 'SELECT id FROM parents');
    assert.equal(parents.map((row) => Number(row.id)), [7]);
  });
});

test('closing the database closes the connections kept for transactions', async () => {
  const dataDir = makeTempDir('sqlite-connections');
  const file = path.join(dataDir, 'conduit.sqlite');
  try {
    const database = await openDatabase({ databaseUrl: undefined, dataDir });
    await database.sequelize.transaction((transaction) => select(database, 'SELECT 1', transaction));
    assert.ok(openDescriptors(file) >= 2, 'the default connection and the kept one');
    await database.close();
    assert.is(openDescriptors(file), 0);
  } finally {
    removeTempDir(dataDir);
  }
});

test.run();
