/**
 * A multi-row INSERT for plain rows of one model, written as SQL literals by hand. The request log
 * writer inserts thousands of rows a second; Sequelize's `bulkInsert` validates and formats every
 * value through its data types (dates through moment), which cost more CPU than the rest of a
 * request. The rows here hold only null, booleans, finite numbers, strings and dates, and each is
 * written the way Sequelize writes it for the dialect (checked by tests), so rows read back the same.
 */
import { QueryTypes, type Model, type ModelStatic, type Sequelize, type Transaction } from 'sequelize';

type Literal = (value: unknown) => string;

export interface RowInserter<Row> {
  insert(rows: readonly Row[], transaction?: Transaction): Promise<void>;
}

export function rowInserter<M extends Model, Row extends object>(sequelize: Sequelize, model: ModelStatic<M>): RowInserter<Row> {
  const dialect = sequelize.getDialect();
  const quote = (name: string): string => sequelize.getQueryInterface().quoteIdentifier(name);
  const attributes = Object.entries(model.getAttributes()).filter(([, attribute]) => !attribute.autoIncrement);
  const names = attributes.map(([name]) => name);
  // A value a row leaves out is written as its column's plain default (a column added later, which
  // older producers of rows do not know), else as NULL.
  const defaults = attributes.map(([, attribute]) => {
    const value: unknown = attribute.defaultValue;
    return typeof value === 'boolean' || typeof value === 'number' || typeof value === 'string' ? value : undefined;
  });
  const head = `INSERT INTO ${quote(model.getTableName() as string)} (${attributes.map(([name, attribute]) => quote(attribute.field ?? name)).join(',')}) VALUES `;
  const literal = sqlLiteral(dialect);
  const escapeString = sqlString(dialect);

  return {
    async insert(rows, transaction) {
      if (rows.length === 0) return;
      let sql = head;
      for (let index = 0; index < rows.length; index++) {
        const row = rows[index] as Record<string, unknown>;
        sql += index === 0 ? '(' : ',(';
        for (let column = 0; column < names.length; column++) {
          if (column > 0) sql += ',';
          let value = row[names[column]!];
          if (value === undefined) value = defaults[column];
          sql += typeof value === 'string' ? escapeString(value) : literal(value);
        }
        sql += ')';
      }
      // Typed, or Sequelize lower-cases the whole statement (hundreds of KB) several times to guess it.
      await sequelize.query(sql, { transaction, raw: true, type: QueryTypes.INSERT });
    },
  };
}

/** Literals for everything but strings (which go through Sequelize's own escaping). */
export function sqlLiteral(dialect: string): Literal {
  const sqlite = dialect === 'sqlite';
  return (value) => {
    if (value === null || value === undefined) return 'NULL';
    if (typeof value === 'boolean') return value ? '1' : '0';
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new Error(`cannot store the number ${value}`);
      return String(value);
    }
    if (value instanceof Date) return `'${formatUtc(value)}${sqlite ? ' +00:00' : ''}'`;
    throw new Error(`cannot store a value of type ${typeof value} as a column`);
  };
}

/** String literals, written as the rows' strings are (so a value written elsewhere matches them). */
export function sqlString(dialect: string): (text: string) => string {
  return dialect === 'sqlite' ? sqliteString : mysqlString;
}

/**
 * SQLite: quotes doubled. SQLite reads SQL text as a C string, so a NUL would end the statement
 * (failing the whole batch): it is stored as U+FFFD.
 */
function sqliteString(text: string): string {
  let escaped = text.indexOf("'") === -1 ? text : text.replaceAll("'", "''");
  if (escaped.indexOf('\u0000') !== -1) escaped = escaped.replaceAll('\u0000', '\ufffd');
  return `'${escaped}'`;
}

const mysqlSpecial = /[\0\n\r\b\t\\'"\x1a]/g;
const mysqlEscapes: Record<string, string> = { '\0': '\\0', '\n': '\\n', '\r': '\\r', '\b': '\\b', '\t': '\\t', '\x1a': '\\Z', '\\': '\\\\', "'": "\\'", '"': '\\"' };

/** MySQL / MariaDB: backslash escapes, as Sequelize (and the mysql driver's sqlstring) write them. */
function mysqlString(text: string): string {
  mysqlSpecial.lastIndex = 0;
  return mysqlSpecial.test(text) ? `'${text.replace(mysqlSpecial, (character) => mysqlEscapes[character]!)}'` : `'${text}'`;
}

/** `YYYY-MM-DD HH:mm:ss.SSS` in UTC, as Sequelize writes DATE(3) with timezone +00:00. */
function formatUtc(date: Date): string {
  const time = date.getTime();
  if (!Number.isFinite(time)) throw new Error('cannot store an invalid date');
  // toISOString: 2026-01-02T03:04:05.067Z (years 0-9999).
  const iso = date.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
}
