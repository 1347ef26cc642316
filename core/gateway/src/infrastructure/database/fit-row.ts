/**
 * Bounds a row's strings to its model's columns before it is written, so one long value cannot fail
 * a whole multi-row INSERT (MariaDB refuses it in strict mode; SQLite would store it whole).
 * Label columns are cut to fit, marked with an ellipsis; identifier columns are never cut (two ids
 * cut to the same prefix would be one): an overlong identifier refuses the row with an error naming
 * the column. Lengths count code points, as utf8mb4 VARCHAR(n) does, and a cut never splits a
 * surrogate pair.
 */
import type { Model, ModelStatic } from 'sequelize';

export class RowRefusedError extends Error {
  constructor(
    readonly column: string,
    readonly limit: number,
  ) {
    super(`${column} is longer than its column (${limit} characters)`);
    this.name = 'RowRefusedError';
  }
}

export interface RowFitter<Row> {
  /** The row, with label strings cut to fit (a copy when anything was cut); throws RowRefusedError. */
  fit(row: Row): Row;
}

export function rowFitter<M extends Model, Row extends object>(model: ModelStatic<M>, identifiers: ReadonlyArray<keyof Row & string>): RowFitter<Row> {
  const bounds: Array<{ name: string; limit: number; identifier: boolean }> = [];
  for (const [name, attribute] of Object.entries(model.getAttributes())) {
    const limit = stringLength(attribute.type);
    if (limit !== undefined) bounds.push({ name, limit, identifier: identifiers.includes(name as keyof Row & string) });
  }
  return {
    fit(row) {
      let fitted: Record<string, unknown> | undefined;
      for (const { name, limit, identifier } of bounds) {
        const value = (row as Record<string, unknown>)[name];
        // Cheap first test: a string no longer in UTF-16 units than the limit fits in code points.
        if (typeof value !== 'string' || value.length <= limit || codePointLength(value) <= limit) continue;
        if (identifier) throw new RowRefusedError(name, limit);
        fitted ??= { ...(row as Record<string, unknown>) };
        fitted[name] = truncateCodePoints(value, limit);
      }
      return (fitted as Row | undefined) ?? row;
    },
  };
}

/** The declared length of a STRING(n) / CHAR(n) column; undefined for every other type. */
function stringLength(type: unknown): number | undefined {
  const key = (type as { key?: string } | undefined)?.key;
  if (key !== 'STRING' && key !== 'CHAR') return undefined;
  const length = (type as { options?: { length?: number } }).options?.length;
  return typeof length === 'number' ? length : 255;
}

function codePointLength(text: string): number {
  let count = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code >= 0xd800 && code <= 0xdbff && index + 1 < text.length) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) index++;
    }
    count++;
  }
  return count;
}

/** The first `limit - 1` code points and an ellipsis. */
export function truncateCodePoints(text: string, limit: number): string {
  let kept = 0;
  let index = 0;
  while (index < text.length && kept < limit - 1) {
    const code = text.charCodeAt(index);
    const pair = code >= 0xd800 && code <= 0xdbff && index + 1 < text.length && (text.charCodeAt(index + 1) & 0xfc00) === 0xdc00;
    index += pair ? 2 : 1;
    kept++;
  }
  return `${text.slice(0, index)}…`;
}
