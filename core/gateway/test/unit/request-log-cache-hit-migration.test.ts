/**
 * Migration 0013 adds request_logs.cache_hit on SQLite and MariaDB: rows written before it read as
 * not cache hits, the request-log writer stores a hit as one (and a row that does not say as not
 * one), and down removes the column again.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { QueryTypes } from 'sequelize';
import { SequelizeStorage, Umzug } from 'umzug';
import { makeTempDir } from '../../../../test/support/make-temp-dir.ts';
import { openDatabase } from '../../src/infrastructure/database/open-database.ts';
import { migrations } from '../../src/infrastructure/database/migrations/index.ts';
import { RequestLogWriter } from '../../src/infrastructure/database/request-log-writer.ts';
import { UsageRollupWriter } from '../../src/infrastructure/database/usage-rollup-writer.ts';
import { rollupSource } from '../../src/infrastructure/database/usage-rollup-sqlite.ts';
import type { RequestLogRow } from '../../src/ports/request-log-sink.ts';
import { type DatabaseTarget, testOnEachDatabase } from '../support/database-targets.ts';

const silent = { error() {}, warn() {}, info() {}, debug() {}, isLevelEnabled: () => false } as never;
const name = '0013-request-log-cache-hit';

function row(requestId: string, cacheHit?: boolean): RequestLogRow {
  return {
    requestId,
    virtualKeyId: 'key-1',
    endpoint: 'chat/completions',
    model: 'cached',
    providerId: null,
    providerModel: null,
    deploymentId: null,
    stream: false,
    status: 200,
    errorCode: null,
    errorMessage: null,
    promptTokens: 5,
    completionTokens: 2,
    cachedTokens: null,
    totalTokens: 7,
    usageEstimated: false,
    costNanos: 0,
    unpriced: false,
    latencyMs: 3,
    firstByteMs: null,
    attempts: 0,
    clientIp: null,
    ...(cacheHit === undefined ? {} : { cacheHit }),
    createdAt: new Date(),
  };
}

async function check(target: DatabaseTarget): Promise<void> {
  const url = await target.freshDatabaseUrl();
  const database = await openDatabase({ databaseUrl: url, dataDir: makeTempDir('cache-hit-migration') });
  const { sequelize } = database;
  const umzug = new Umzug({
    migrations: migrations.map((migration) => ({ name: migration.name, up: migration.up, down: migration.down })),
    context: sequelize.getQueryInterface(),
    storage: new SequelizeStorage({ sequelize, tableName: 'conduit_migrations' }),
    logger: undefined,
  });
  const read = async () =>
    (await sequelize.query<{ request_id: string; cache_hit: unknown }>('SELECT request_id, cache_hit FROM request_logs ORDER BY request_id', { type: QueryTypes.SELECT })).map(
      (logged) => `${logged.request_id}:${Number(logged.cache_hit)}`,
    );
  try {
    await umzug.down({ to: name });
    assert.not.ok('cache_hit' in (await sequelize.getQueryInterface().describeTable('request_logs')), 'down removed the column');
    await sequelize.getQueryInterface().bulkInsert('request_logs', [{ request_id: 'a-before', endpoint: 'chat/completions', status: 200, latency_ms: 1, cost_nanos: 0, created_at: new Date() }]);
    await umzug.up();
    assert.equal(await read(), ['a-before:0'], 'a row from before is not a cache hit');

    const writer = new RequestLogWriter({ sequelize, models: database.models, logger: silent, flushIntervalMs: 60_000, rollups: new UsageRollupWriter(sequelize) });
    writer.append(row('b-hit', true));
    writer.append(row('c-miss', false));
    writer.append(row('d-unsaid'));
    await writer.close();
    assert.equal(await read(), ['a-before:0', 'b-hit:1', 'c-miss:0', 'd-unsaid:0']);
    const hit = await database.models.RequestLogRecord.findOne({ where: { requestId: 'b-hit' } });
    assert.is(hit?.cacheHit, true);
    // The usage rollups count the hits (MariaDB: summed by the writer; SQLite: folded in SQL).
    for (const table of ['usage_rollups', 'usage_rollups_model', 'usage_rollups_key_day']) {
      const [sum] = await sequelize.query<{ hits: unknown }>(`SELECT SUM(cache_hits) AS hits FROM ${rollupSource(sequelize.getDialect(), table)}`, { type: QueryTypes.SELECT });
      assert.is(Number(sum!.hits), 1, table);
    }
  } finally {
    await database.close();
  }
}

testOnEachDatabase(test, `${name} adds request_logs.cache_hit, false for rows before it`, check);

test.run();
