/**
 * The rollup tables are keyed by their dimensions: the unique key (hour and dimensions) becomes the
 * primary key, and the surrogate `id` and the `bucket_day` index go (nothing reads either). The
 * request-log writer adds a rollup row per new hour and combination of dimensions in every batch;
 * each such row was written three times (the table, the unique index, the day index), now once.
 * SQLite: a WITHOUT ROWID table (its rows live in the primary key's b-tree; the table is rebuilt
 * and its rows copied, as SQLite cannot change a primary key in place). MariaDB: InnoDB clusters
 * rows by the primary key already; the key changes in place.
 *
 * SQLite also gets `usage_rollup_watermark`: the last request-log id the rollups hold (the writer may
 * fold several batches at once, see usage-rollup-writer.ts); every row so far is folded already.
 */
import { QueryTypes, type QueryInterface } from 'sequelize';

const tables = [
  { name: 'usage_rollups', dimensions: ['model', 'provider_id', 'deployment_id', 'virtual_key_id', 'key_group_id', 'endpoint', 'status_class'] },
  { name: 'usage_rollups_model', dimensions: ['model', 'provider_id', 'deployment_id', 'endpoint', 'status_class'] },
];

interface SqliteColumn {
  name: string;
  type: string;
  notnull: number;
  dflt_value: string | null;
}

export async function up({ context: queryInterface }: { context: QueryInterface }): Promise<void> {
  const sequelize = queryInterface.sequelize;
  for (const table of tables) {
    const key = ['bucket_start', ...table.dimensions];
    if (sequelize.getDialect() !== 'sqlite') {
      await sequelize.query(
        `ALTER TABLE ${table.name} DROP COLUMN id, DROP INDEX ${table.name}_dimensions, DROP INDEX ${table.name}_day, ADD PRIMARY KEY (${key.join(', ')})`,
      );
      continue;
    }
    const columns = (await sequelize.query<SqliteColumn>(`PRAGMA table_info(${table.name})`, { type: QueryTypes.SELECT })).filter((column) => column.name !== 'id');
    const definitions = columns.map(
      (column) => `\`${column.name}\` ${column.type}${column.notnull ? ' NOT NULL' : ''}${column.dflt_value === null ? '' : ` DEFAULT ${column.dflt_value}`}`,
    );
    const names = columns.map((column) => `\`${column.name}\``).join(', ');
    await sequelize.query(`CREATE TABLE ${table.name}_keyed (${definitions.join(', ')}, PRIMARY KEY (${key.join(', ')})) WITHOUT ROWID`);
    await sequelize.query(`INSERT INTO ${table.name}_keyed (${names}) SELECT ${names} FROM ${table.name}`);
    await sequelize.query(`DROP TABLE ${table.name}`);
    await sequelize.query(`ALTER TABLE ${table.name}_keyed RENAME TO ${table.name}`);
  }
  if (sequelize.getDialect() === 'sqlite') {
    await sequelize.query('CREATE TABLE usage_rollup_watermark (id INTEGER PRIMARY KEY CHECK (id = 1), through_id INTEGER NOT NULL)');
    await sequelize.query('INSERT INTO usage_rollup_watermark (id, through_id) SELECT 1, COALESCE(MAX(id), 0) FROM request_logs');
  }
}

export async function down({ context: queryInterface }: { context: QueryInterface }): Promise<void> {
  const sequelize = queryInterface.sequelize;
  // Rows past the watermark are not in the rollups: the version before this one folds every batch
  // as it writes it and would never fold them. Run the writer's fold (close it) before going down.
  if (sequelize.getDialect() === 'sqlite') await sequelize.query('DROP TABLE usage_rollup_watermark');
  for (const table of tables) {
    const key = ['bucket_start', ...table.dimensions];
    if (sequelize.getDialect() !== 'sqlite') {
      await sequelize.query(
        `ALTER TABLE ${table.name} DROP PRIMARY KEY, ADD COLUMN id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY FIRST, ADD UNIQUE INDEX ${table.name}_dimensions (${key.join(', ')}), ADD INDEX ${table.name}_day (bucket_day)`,
      );
      continue;
    }
    const columns = await sequelize.query<SqliteColumn>(`PRAGMA table_info(${table.name})`, { type: QueryTypes.SELECT });
    const definitions = columns.map(
      (column) => `\`${column.name}\` ${column.type}${column.notnull ? ' NOT NULL' : ''}${column.dflt_value === null ? '' : ` DEFAULT ${column.dflt_value}`}`,
    );
    const names = columns.map((column) => `\`${column.name}\``).join(', ');
    await sequelize.query(`CREATE TABLE ${table.name}_rowid (\`id\` INTEGER PRIMARY KEY AUTOINCREMENT, ${definitions.join(', ')})`);
    await sequelize.query(`INSERT INTO ${table.name}_rowid (${names}) SELECT ${names} FROM ${table.name} ORDER BY ${key.join(', ')}`);
    await sequelize.query(`DROP TABLE ${table.name}`);
    await sequelize.query(`ALTER TABLE ${table.name}_rowid RENAME TO ${table.name}`);
    await sequelize.query(`CREATE UNIQUE INDEX \`${table.name}_dimensions\` ON ${table.name} (${key.join(', ')})`);
    await sequelize.query(`CREATE INDEX \`${table.name}_day\` ON ${table.name} (bucket_day)`);
  }
}
