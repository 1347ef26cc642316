/**
 * Migration 0011 keys the rollup tables by their dimensions, on SQLite (a WITHOUT ROWID rebuild) and
 * MariaDB (the key changed in place): every rollup row is kept as it was, `id` and the day index are
 * gone, SQLite's watermark says every raw row so far is folded, and the request-log writer then adds
 * to the existing rows through the new key. Down restores the old shape with the same rows.
 * Migration 0012 fills usage_rollups_key_day from the rollups already there.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import path from 'node:path';
import { QueryTypes, Sequelize } from 'sequelize';
import { SequelizeStorage, Umzug } from 'umzug';
import { makeTempDir } from '../../../../test/support/make-temp-dir.ts';
import { openDatabase } from '../../src/infrastructure/database/open-database.ts';
import { migrations } from '../../src/infrastructure/database/migrations/index.ts';
import { RequestLogWriter } from '../../src/infrastructure/database/request-log-writer.ts';
import { UsageRollupWriter } from '../../src/infrastructure/database/usage-rollup-writer.ts';
import type { RequestLogRow } from '../../src/ports/request-log-sink.ts';
import { type DatabaseTarget, testOnEachDatabase } from '../support/database-targets.ts';

const silent = { error() {}, warn() {}, info() {}, debug() {}, isLevelEnabled: () => false } as never;
const hour = Date.UTC(2026, 10, 1, 5);

function umzug(sequelize: Sequelize, upTo: string): Umzug<ReturnType<Sequelize['getQueryInterface']>> {
  const index = migrations.findIndex((migration) => migration.name === upTo);
  return new Umzug({
    migrations: migrations.slice(0, index + 1).map((migration) => ({ name: migration.name, up: migration.up, down: migration.down })),
    context: sequelize.getQueryInterface(),
    storage: new SequelizeStorage({ sequelize, tableName: 'conduit_migrations' }),
    logger: undefined,
  });
}

function logRow(index: number, model: string): RequestLogRow {
  return {
    requestId: `new_${index}`,
    virtualKeyId: 'key-1',
    endpoint: 'chat/completions',
    model,
    providerId: 'provider-1',
    providerModel: null,
    deploymentId: 'deployment-1',
    stream: false,
    status: 200,
    errorCode: null,
    errorMessage: null,
    promptTokens: 7,
    completionTokens: 3,
    cachedTokens: null,
    totalTokens: 10,
    usageEstimated: false,
    costNanos: 1000,
    unpriced: false,
    latencyMs: 75,
    firstByteMs: null,
    attempts: 1,
    clientIp: null,
    createdAt: new Date(hour + 60_000),
  };
}

const rollupColumns = 'bucket_day, model, provider_id, deployment_id, virtual_key_id, key_group_id, endpoint, status_class, requests, errors, prompt_tokens, cost, lat_3';

async function rollupRows(sequelize: Sequelize, table = 'usage_rollups'): Promise<string[]> {
  const columns = table === 'usage_rollups' ? rollupColumns : rollupColumns.replace(' virtual_key_id, key_group_id,', '');
  const rows = await sequelize.query<Record<string, unknown>>(`SELECT ${columns} FROM ${table} ORDER BY model, status_class`, { type: QueryTypes.SELECT });
  return rows.map((row) => Object.values(row).map(String).join('|'));
}

async function check(target: DatabaseTarget): Promise<void> {
  const url = await target.freshDatabaseUrl();
  const dataDir = makeTempDir('rollup-keys');
  const sequelize = url
    ? new Sequelize(url.replace(/^mariadb:/, 'mysql:'), { dialect: 'mysql', logging: false, timezone: '+00:00' })
    : new Sequelize({ dialect: 'sqlite', storage: path.join(dataDir, 'conduit.sqlite'), logging: false });
  const sqlite = sequelize.getDialect() === 'sqlite';
  try {
    await umzug(sequelize, '0010-health-check-probes').up();
    // The rollups as the writer kept them before: two rows of one hour, and the raw rows they hold.
    const bucket = new Date(hour);
    const common = { bucket_start: bucket, bucket_day: '2026-11-01', provider_id: 'provider-1', deployment_id: 'deployment-1', virtual_key_id: 'key-1', endpoint: 'chat/completions' };
    await sequelize.getQueryInterface().bulkInsert('usage_rollups', [
      { ...common, model: 'gpt-a', status_class: '2xx', requests: 2, errors: 0, prompt_tokens: 20, cost: 5000, lat_3: 2 },
      { ...common, model: 'gpt-b', status_class: '5xx', requests: 1, errors: 1, prompt_tokens: 4, cost: 0, lat_3: 1 },
    ]);
    const { virtual_key_id: _key, ...byModel } = common;
    await sequelize.getQueryInterface().bulkInsert('usage_rollups_model', [
      { ...byModel, model: 'gpt-a', status_class: '2xx', requests: 2, errors: 0, prompt_tokens: 20, cost: 5000, lat_3: 2 },
      { ...byModel, model: 'gpt-b', status_class: '5xx', requests: 1, errors: 1, prompt_tokens: 4, cost: 0, lat_3: 1 },
    ]);
    const raw = (index: number, model: string, status: number) => ({ request_id: `old_${index}`, endpoint: 'chat/completions', model, status, latency_ms: 30, cost_nanos: 0, created_at: bucket });
    await sequelize.getQueryInterface().bulkInsert('request_logs', [raw(1, 'gpt-a', 200), raw(2, 'gpt-a', 200), raw(3, 'gpt-b', 500)]);
    const before = await rollupRows(sequelize);
    const beforeByModel = await rollupRows(sequelize, 'usage_rollups_model');

    await umzug(sequelize, '0011-rollup-primary-keys').up();
    assert.equal(await rollupRows(sequelize), before, 'every rollup row kept');
    assert.equal(await rollupRows(sequelize, 'usage_rollups_model'), beforeByModel);
    for (const table of ['usage_rollups', 'usage_rollups_model']) {
      const columns = await sequelize.getQueryInterface().describeTable(table);
      assert.not.ok('id' in columns, `${table} has no id`);
      assert.ok(columns.bucket_start!.primaryKey && columns.model!.primaryKey && columns.status_class!.primaryKey, `${table} is keyed by its dimensions`);
      assert.not.ok(columns.requests!.primaryKey);
      const indexes = (await sequelize.getQueryInterface().showIndex(table)) as Array<{ name: string }>;
      assert.not.ok(
        indexes.some((index) => index.name.endsWith('_day') || index.name.endsWith('_dimensions')),
        `${table}: ${indexes.map((index) => index.name).join(', ')}`,
      );
    }
    if (sqlite) {
      const [mark] = await sequelize.query<{ through_id: number }>('SELECT through_id FROM usage_rollup_watermark', { type: QueryTypes.SELECT });
      assert.is(Number(mark!.through_id), 3, 'the raw rows written before are in the rollups already');
    }
    // A duplicate of a row's key is refused: the primary key holds the rows apart.
    await sequelize
      .query(`INSERT INTO usage_rollups_model (bucket_start, bucket_day, model, provider_id, deployment_id, endpoint, status_class) SELECT bucket_start, bucket_day, model, provider_id, deployment_id, endpoint, status_class FROM usage_rollups_model`)
      .then(
        () => assert.unreachable('a duplicate key was taken'),
        (error: Error) => assert.not.instance(error, assert.Assertion),
      );
  } finally {
    await sequelize.close();
  }

  // The writer on the migrated database: new rows add to the existing rollup rows.
  const database = await openDatabase({ databaseUrl: url, dataDir });
  try {
    const writer = new RequestLogWriter({ sequelize: database.sequelize, models: database.models, logger: silent, flushIntervalMs: 60_000, rollups: new UsageRollupWriter(database.sequelize) });
    writer.append(logRow(1, 'gpt-a'));
    writer.append(logRow(2, 'gpt-c'));
    await writer.close();
    assert.equal(await rollupRows(database.sequelize), [
      '2026-11-01|gpt-a|provider-1|deployment-1|key-1||chat/completions|2xx|3|0|27|6000|3',
      '2026-11-01|gpt-b|provider-1|deployment-1|key-1||chat/completions|5xx|1|1|4|0|1',
      '2026-11-01|gpt-c|provider-1|deployment-1|key-1||chat/completions|2xx|1|0|7|1000|1',
    ]);
    assert.equal((await rollupRows(database.sequelize, 'usage_rollups_model'))[0], '2026-11-01|gpt-a|provider-1|deployment-1|chat/completions|2xx|3|0|27|6000|3');
    // 0012 filled usage_rollups_key_day from the rows before it; the writer adds to it since.
    const byDay = await database.sequelize.query<Record<string, unknown>>('SELECT bucket_day, virtual_key_id, key_group_id, requests, errors, prompt_tokens, cost, lat_3 FROM usage_rollups_key_day', { type: QueryTypes.SELECT });
    assert.equal(byDay.map((row) => Object.values(row).map(String).join('|')), ['2026-11-01|key-1||5|1|38|7000|5']);
    await umzug(database.sequelize, '0012-usage-rollups-key-day').down({ to: '0012-usage-rollups-key-day' });

    // Down: the old shape (an id, the unique and day indexes) with the same rows.
    const after = await rollupRows(database.sequelize);
    await umzug(database.sequelize, '0011-rollup-primary-keys').down({ to: '0011-rollup-primary-keys' });
    assert.equal(await rollupRows(database.sequelize), after);
    const columns = await database.sequelize.getQueryInterface().describeTable('usage_rollups');
    assert.ok(columns.id?.primaryKey, 'id is the primary key again');
    const indexes = (await database.sequelize.getQueryInterface().showIndex('usage_rollups')) as Array<{ name: string }>;
    assert.ok(indexes.some((index) => index.name === 'usage_rollups_dimensions') && indexes.some((index) => index.name === 'usage_rollups_day'));
  } finally {
    await database.close();
  }
}

testOnEachDatabase(test, '0011-rollup-primary-keys keeps every rollup row and keys the tables by their dimensions', check);

test.run();
