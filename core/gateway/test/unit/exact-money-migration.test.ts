/**
 * Migration 0004 converts money recorded as USD doubles into whole nano-dollars, on SQLite and on
 * MariaDB: every cost, spend and budget rounded once to the nearest nano-dollar, nulls kept, and the
 * sum of the converted costs exact where the doubles' sum was not.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import path from 'node:path';
import { Sequelize } from 'sequelize';
import { SequelizeStorage, Umzug } from 'umzug';
import { makeTempDir } from '../../../../test/support/make-temp-dir.ts';
import { migrate } from '../../src/infrastructure/database/migrate.ts';
import { migrations } from '../../src/infrastructure/database/migrations/index.ts';
import { type DatabaseTarget, testOnEachDatabase } from '../support/database-targets.ts';

async function connect(target: DatabaseTarget): Promise<Sequelize> {
  const url = await target.freshDatabaseUrl();
  if (!url) return new Sequelize({ dialect: 'sqlite', storage: path.join(makeTempDir('exact-money'), 'db.sqlite'), logging: false });
  return new Sequelize(url.replace(/^mariadb:/, 'mysql:'), { dialect: 'mysql', logging: false, timezone: '+00:00' });
}

async function check(target: DatabaseTarget): Promise<void> {
  const sequelize = await connect(target);
  try {
    // The schema as it was before money became exact.
    const before = migrations.slice(0, migrations.findIndex((migration) => migration.name === '0004-exact-money'));
    await new Umzug({
      migrations: before.map((migration) => ({ name: migration.name, up: migration.up, down: migration.down })),
      context: sequelize.getQueryInterface(),
      storage: new SequelizeStorage({ sequelize, tableName: 'conduit_migrations' }),
      logger: undefined,
    }).up();
    const now = new Date();
    const costs = [0.00008774999999999999, 0.0000876, 0.1, 0.2, 0, 1.5e-9];
    await sequelize.getQueryInterface().bulkInsert(
      'request_logs',
      costs.map((cost, index) => ({ request_id: `r${index}`, endpoint: 'chat/completions', status: 200, latency_ms: 1, cost, created_at: now })),
    );
    await sequelize.getQueryInterface().bulkInsert('virtual_keys', [
      { id: 'k1', name: 'budgeted', key_hash: 'h1', key_prefix: 'ck-1', spend: 0.30000000000000004, max_budget: 0.00002, created_at: now, updated_at: now },
      { id: 'k2', name: 'free', key_hash: 'h2', key_prefix: 'ck-2', spend: 0, max_budget: null, created_at: now, updated_at: now },
    ]);
    await sequelize.getQueryInterface().bulkInsert('key_groups', [{ id: 'g1', name: 'team', max_budget: 12.5, created_at: now, updated_at: now }]);
    await sequelize.getQueryInterface().bulkInsert('spend_periods', [{ scope_kind: 'key', scope_id: 'k1', period_key: 'lifetime', spend: 0.30000000000000004, version: 3 }]);

    assert.ok((await migrate(sequelize)).includes('0004-exact-money'));

    const rows = async (sql: string): Promise<Array<Record<string, unknown>>> => (await sequelize.query(sql))[0] as Array<Record<string, unknown>>;
    const logged = (await rows('SELECT cost_nanos FROM request_logs ORDER BY request_id')).map((row) => Number(row.cost_nanos));
    assert.equal(logged, [87_750, 87_600, 100_000_000, 200_000_000, 0, 2]);
    const [sum] = await rows('SELECT SUM(cost_nanos) AS total FROM request_logs');
    assert.is(Number(sum!.total), 300_175_352);
    const keys = await rows('SELECT id, spend_nanos, max_budget_nanos FROM virtual_keys ORDER BY id');
    assert.equal(
      keys.map((row) => [row.id, Number(row.spend_nanos), row.max_budget_nanos === null ? null : Number(row.max_budget_nanos)]),
      [
        ['k1', 300_000_000, 20_000],
        ['k2', 0, null],
      ],
    );
    assert.equal(Number((await rows('SELECT max_budget_nanos FROM key_groups'))[0]!.max_budget_nanos), 12_500_000_000);
    const [period] = await rows('SELECT spend_nanos, version FROM spend_periods');
    assert.equal([Number(period!.spend_nanos), Number(period!.version)], [300_000_000, 3]);
    const columns = Object.keys(await sequelize.getQueryInterface().describeTable('request_logs'));
    assert.not.ok(columns.includes('cost'), 'the USD column is gone');
  } finally {
    await sequelize.close();
  }
}

testOnEachDatabase(test, '0004-exact-money converts USD doubles to nano-dollars', check);

test.run();
