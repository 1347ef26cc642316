/**
 * The hand-written multi-row INSERT stores values as Sequelize's own bulkInsert does, on SQLite and
 * on MariaDB: the same rows written both ways read back identical, strings intact. Two deliberate
 * differences: dates keep their milliseconds on MariaDB (bulkInsert drops them), and a NUL character,
 * which SQLite cannot take inside SQL text (bulkInsert fails the whole batch), is stored as U+FFFD.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { makeTempDir } from '../../../../test/support/make-temp-dir.ts';
import { openDatabase } from '../../src/infrastructure/database/open-database.ts';
import { rowInserter } from '../../src/infrastructure/database/insert-rows.ts';
import type { RequestLogRecord } from '../../src/infrastructure/database/models/request-log-model.ts';
import type { RequestLogRow } from '../../src/ports/request-log-sink.ts';
import { mariaDbTarget, sqliteTarget, type DatabaseTarget } from '../support/database-targets.ts';

const awkward = ["it's", 'back\\slash', 'quote " and \\\' both', 'line\nbreak\ttab\r', 'nul\u0000byte', 'ünïcødé ✓ 🚀', "'; DROP TABLE request_logs; --", '\u001a\b'];

function rows(): RequestLogRow[] {
  return awkward.map((text, index) => ({
    requestId: `req_${index}`,
    virtualKeyId: index % 2 === 0 ? null : `key-${index}`,
    endpoint: 'chat/completions',
    model: text,
    providerId: null,
    providerModel: `provider/${text}`,
    deploymentId: null,
    stream: index % 2 === 0,
    status: 200 + index,
    errorCode: null,
    errorMessage: index === 3 ? text.repeat(10) : null,
    promptTokens: index * 10,
    completionTokens: null,
    cachedTokens: 0,
    totalTokens: index * 10,
    usageEstimated: index % 3 === 0,
    costNanos: index === 0 ? 0 : 123_456_789_012 * index,
    unpriced: false,
    latencyMs: 12,
    firstByteMs: null,
    attempts: 1,
    clientIp: '::1',
    createdAt: new Date(Date.UTC(2026, 0, 2, 3, 4, 5, index)),
  }));
}

async function check(target: DatabaseTarget): Promise<void> {
  const database = await openDatabase({ databaseUrl: await target.freshDatabaseUrl(), dataDir: makeTempDir(`insert-rows-${target.name}`) });
  try {
    const { sequelize } = database;
    const written = rows();
    await rowInserter<RequestLogRecord, RequestLogRow>(sequelize, database.models.RequestLogRecord).insert(written);
    const fields = Object.entries(database.models.RequestLogRecord.getAttributes());
    const asColumns = written.map((row) =>
      Object.fromEntries(fields.filter(([name]) => name in row).map(([name, attribute]) => [attribute.field ?? name, (row as unknown as Record<string, unknown>)[name]])),
    );
    // Sequelize cannot write the NUL row to SQLite at all; it writes it to MariaDB.
    const sequelizeCanWrite = (row: Record<string, unknown>): boolean => target.name !== 'sqlite' || !String(row.model).includes('\u0000');
    await sequelize.getQueryInterface().bulkInsert('request_logs', asColumns.map((row) => (sequelizeCanWrite(row) ? row : { ...row, model: 'x', provider_model: 'x' })));

    const [stored] = (await sequelize.query('SELECT * FROM request_logs ORDER BY id')) as [Array<Record<string, unknown>>, unknown];
    assert.is(stored.length, written.length * 2);
    for (let index = 0; index < written.length; index++) {
      const mine: Record<string, unknown> = { ...stored[index]!, id: undefined, created_at: undefined };
      const theirs: Record<string, unknown> = { ...stored[index + written.length]!, id: undefined, created_at: undefined };
      const expected = target.name === 'sqlite' ? awkward[index]!.replaceAll('\u0000', '\ufffd') : awkward[index];
      assert.is(mine.model, expected, `${target.name}: the string of row ${index} is intact`);
      if (theirs.model !== 'x') {
        assert.equal(mine, theirs, `${target.name}: row ${index} is stored as Sequelize stores it`);
      }
    }
    const read = await database.models.RequestLogRecord.findAll({ order: [['id', 'ASC']], limit: written.length });
    read.forEach((record, index) => {
      assert.is(record.createdAt.getTime(), written[index]!.createdAt!.valueOf());
      assert.is(record.costNanos, written[index]!.costNanos);
      assert.is(record.stream, written[index]!.stream);
    });
  } finally {
    await database.close();
  }
}

test('rows written by hand read back exactly as Sequelize bulkInsert writes them: SQLite', async () => {
  await check(sqliteTarget);
});

// Started before any test is queued; null (and a skip line, which the runner counts) when MariaDB is
// not installed, in which case the MariaDB test is not registered at all rather than passing empty.
const mariadb = await mariaDbTarget();
if (mariadb) {
  test('rows written by hand read back exactly as Sequelize bulkInsert writes them: MariaDB', async () => {
    try {
      await check(mariadb);
    } finally {
      await mariadb.stop();
    }
  });
}

test('values no column can hold are refused, not written wrongly', async () => {
  const database = await openDatabase({ databaseUrl: undefined, dataDir: makeTempDir('insert-rows-bad') });
  try {
    const inserter = rowInserter<RequestLogRecord, RequestLogRow>(database.sequelize, database.models.RequestLogRecord);
    const [row] = rows();
    const refusal = async (bad: RequestLogRow): Promise<string> => {
      try {
        await inserter.insert([bad]);
        return 'written';
      } catch (error) {
        return (error as Error).message;
      }
    };
    assert.match(await refusal({ ...row!, costNanos: Number.NaN }), /NaN/);
    assert.match(await refusal({ ...row!, createdAt: new Date(Number.NaN) }), /invalid date/);
  } finally {
    await database.close();
  }
});

test.run();
