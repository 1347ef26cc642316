/**
 * MariaDB/MySQL: every table and text column in utf8mb4, and the database's default too (so tables
 * later migrations create inherit it). Before, tables took the server's default character set —
 * latin1 on a stock MariaDB — which refused `東京 🚀` as a key or provider name and as a logged model
 * name. utf8mb4_unicode_520_ci keeps the case-insensitive comparisons the tables had, and, unlike
 * utf8mb4_unicode_ci, tells characters beyond the BMP apart (every emoji there weighs the same, so
 * `a 🚀` and `a 🙂` would collide in a unique name). SQLite stores UTF-8 already: nothing to do.
 *
 * Also (every engine): `request_logs.key_prefix`, the display prefix of the key a failed
 * authentication presented, now that refused requests are logged too.
 */
import { DataTypes, QueryTypes, type QueryInterface } from 'sequelize';

export const charset = 'utf8mb4';
export const collation = 'utf8mb4_unicode_520_ci';

export async function up({ context: queryInterface }: { context: QueryInterface }): Promise<void> {
  await queryInterface.addColumn('request_logs', 'key_prefix', { type: DataTypes.STRING(16), allowNull: true });
  const sequelize = queryInterface.sequelize;
  if (sequelize.getDialect() !== 'mysql' && sequelize.getDialect() !== 'mariadb') return;
  const [{ name }] = await sequelize.query<{ name: string }>('SELECT DATABASE() AS name', { type: QueryTypes.SELECT });
  await sequelize.query(`ALTER DATABASE ${queryInterface.quoteIdentifier(name!)} CHARACTER SET ${charset} COLLATE ${collation}`);
  const tables = await sequelize.query<{ name: string }>(
    `SELECT TABLE_NAME AS name FROM information_schema.TABLES
       WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' AND TABLE_COLLATION <> :collation
     UNION
     SELECT DISTINCT TABLE_NAME AS name FROM information_schema.COLUMNS
       WHERE TABLE_SCHEMA = DATABASE() AND COLLATION_NAME IS NOT NULL AND COLLATION_NAME <> :collation`,
    { type: QueryTypes.SELECT, replacements: { collation } },
  );
  if (tables.length === 0) return;
  // MariaDB will not change a column a foreign key joins, even with the checks off: the keys are
  // dropped, the tables converted, and the keys made again as they were.
  const keys = await foreignKeys(queryInterface);
  for (const key of keys) {
    await sequelize.query(`ALTER TABLE ${queryInterface.quoteIdentifier(key.table)} DROP FOREIGN KEY ${queryInterface.quoteIdentifier(key.name)}`);
  }
  for (const table of tables) {
    await sequelize.query(`ALTER TABLE ${queryInterface.quoteIdentifier(table.name)} CONVERT TO CHARACTER SET ${charset} COLLATE ${collation}`);
  }
  for (const key of keys) {
    const quoteAll = (columns: string[]): string => columns.map((column) => queryInterface.quoteIdentifier(column)).join(', ');
    await sequelize.query(
      `ALTER TABLE ${queryInterface.quoteIdentifier(key.table)} ADD CONSTRAINT ${queryInterface.quoteIdentifier(key.name)}
         FOREIGN KEY (${quoteAll(key.columns)}) REFERENCES ${queryInterface.quoteIdentifier(key.referencedTable)} (${quoteAll(key.referencedColumns)})
         ON DELETE ${key.onDelete} ON UPDATE ${key.onUpdate}`,
    );
  }
}

interface ForeignKey {
  name: string;
  table: string;
  columns: string[];
  referencedTable: string;
  referencedColumns: string[];
  onDelete: string;
  onUpdate: string;
}

async function foreignKeys(queryInterface: QueryInterface): Promise<ForeignKey[]> {
  const rows = await queryInterface.sequelize.query<{
    name: string; table: string; column: string; referencedTable: string; referencedColumn: string; onDelete: string; onUpdate: string;
  }>(
    `SELECT k.CONSTRAINT_NAME AS name, k.TABLE_NAME AS \`table\`, k.COLUMN_NAME AS \`column\`,
            k.REFERENCED_TABLE_NAME AS referencedTable, k.REFERENCED_COLUMN_NAME AS referencedColumn,
            r.DELETE_RULE AS onDelete, r.UPDATE_RULE AS onUpdate
       FROM information_schema.KEY_COLUMN_USAGE k
       JOIN information_schema.REFERENTIAL_CONSTRAINTS r
         ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND r.TABLE_NAME = k.TABLE_NAME
      WHERE k.TABLE_SCHEMA = DATABASE() AND k.REFERENCED_TABLE_NAME IS NOT NULL
      ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION`,
    { type: QueryTypes.SELECT },
  );
  const keys = new Map<string, ForeignKey>();
  for (const row of rows) {
    const id = `${row.table}.${row.name}`;
    const key = keys.get(id) ?? { name: row.name, table: row.table, columns: [], referencedTable: row.referencedTable, referencedColumns: [], onDelete: row.onDelete, onUpdate: row.onUpdate };
    key.columns.push(row.column);
    key.referencedColumns.push(row.referencedColumn);
    keys.set(id, key);
  }
  return [...keys.values()];
}

/** The conversion is not undone: text stored since may not fit the old character set. */
export async function down({ context: queryInterface }: { context: QueryInterface }): Promise<void> {
  await queryInterface.removeColumn('request_logs', 'key_prefix');
}
