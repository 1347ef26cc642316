/**
 * SQLite: the usage rollups and their watermark move to the rollup file (`conduit.rollups.sqlite`,
 * attached to every connection as `rollups`), where a fold beside the request-log writer writes them
 * without waiting for its lock (usage-rollup-writer.ts). Each table is created there as it was
 * (its SQL from sqlite_master), its rows copied, then dropped here; names stay the same, so queries
 * find the tables wherever they are. A run cut short leaves the table here, and the next run copies it
 * again. MariaDB: nothing to do (one server, a lock per row).
 */
import { QueryTypes, type QueryInterface, type Sequelize } from 'sequelize';

const tables = ['usage_rollups', 'usage_rollups_model', 'usage_rollups_key_day', 'usage_rollup_watermark'];

interface Definition {
  type: 'table' | 'index';
  name: string;
  sql: string;
}

/** Moves `table` with its indexes from schema `from` to schema `to` (`main` or `rollups`). */
async function move(sequelize: Sequelize, table: string, from: string, to: string): Promise<void> {
  const definitions = await sequelize.query<Definition>(
    `SELECT type, name, sql FROM ${from}.sqlite_master WHERE tbl_name = :table AND sql IS NOT NULL ORDER BY type DESC`,
    { type: QueryTypes.SELECT, replacements: { table } },
  );
  const created = definitions.find((definition) => definition.type === 'table');
  if (!created) return;
  await sequelize.query(`DROP TABLE IF EXISTS ${to}.${table}`);
  await sequelize.query(created.sql.replace(/^CREATE TABLE\s+(?:[`"]?\w+[`"]?\.)?[`"]?\w+[`"]?/i, `CREATE TABLE ${to}.${table}`));
  for (const index of definitions.filter((definition) => definition.type === 'index')) {
    await sequelize.query(index.sql.replace(/^CREATE (UNIQUE )?INDEX\s+[`"]?(\w+)[`"]?/i, (_match, unique: string | undefined, name: string) => `CREATE ${unique ?? ''}INDEX ${to}.${name}`));
  }
  await sequelize.query(`INSERT INTO ${to}.${table} SELECT * FROM ${from}.${table}`);
  await sequelize.query(`DROP TABLE ${from}.${table}`);
}

/** Whether the rollup file is attached: it is on every connection the gateway opens (open-database.ts). */
async function rollupFileAttached(sequelize: Sequelize): Promise<boolean> {
  const schemas = await sequelize.query<{ name: string }>('PRAGMA database_list', { type: QueryTypes.SELECT });
  return schemas.some((schema) => schema.name === 'rollups');
}

export async function up({ context: queryInterface }: { context: QueryInterface }): Promise<void> {
  const sequelize = queryInterface.sequelize;
  // A database opened without the rollup file (a tool's own connection) keeps them here; they work there too.
  if (sequelize.getDialect() !== 'sqlite' || !(await rollupFileAttached(sequelize))) return;
  for (const table of tables) await move(sequelize, table, 'main', 'rollups');
}

export async function down({ context: queryInterface }: { context: QueryInterface }): Promise<void> {
  const sequelize = queryInterface.sequelize;
  if (sequelize.getDialect() !== 'sqlite' || !(await rollupFileAttached(sequelize))) return;
  for (const table of tables) await move(sequelize, table, 'rollups', 'main');
}
