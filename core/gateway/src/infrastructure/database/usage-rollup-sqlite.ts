/**
 * SQLite's rollup SQL. The rollups (in the rollup file, see usage-rollup-writer.ts) hold the raw rows
 * up to a watermark (`usage_rollup_watermark`, moved in the transaction of the fold that adds them);
 * rows past it wait in the raw log and are counted from there: analytics read them beside the rollups
 * (`rollupSource`) and the retention purge keeps them (`foldedRowsOnly`). `sqliteFoldOf` sums them
 * into the tables in SQL.
 */
import { latencyBucketBoundsMs } from '../../domain/latency-histogram.ts';
import { addedColumns, histogramColumns, insertColumnsOf, keyColumnsOf, rollupTables, type Dimension, type RollupTable } from './usage-rollup-tables.ts';

export const watermark = 'usage_rollup_watermark';

/**
 * What RollupSums adds per row, as SQL over request_logs `r` (joined to virtual_keys `k`), in
 * insertColumnsOf(table)'s order. created_at is stored as 'YYYY-MM-DD HH:mm:ss.SSS +00:00'
 * (insert-rows.ts), so its first 13 characters are the hour, written back the same way; status
 * classes and latency buckets as statusClassOf and latencyBucketOf.
 */
function sqliteRowValues(table: RollupTable): string[] {
  const source: Record<Dimension, string> = {
    model: "COALESCE(r.model, '')",
    providerId: "COALESCE(r.provider_id, '')",
    deploymentId: "COALESCE(r.deployment_id, '')",
    virtualKeyId: "COALESCE(r.virtual_key_id, '')",
    keyGroupId: "COALESCE(k.group_id, '')",
    endpoint: 'r.endpoint',
    statusClass: "CASE WHEN r.status < 200 THEN '1xx' WHEN r.status < 300 THEN '2xx' WHEN r.status < 400 THEN '3xx' WHEN r.status < 500 THEN '4xx' ELSE '5xx' END",
  };
  const bounds = latencyBucketBoundsMs;
  const latency = histogramColumns.map((_, index) => {
    if (index === 0) return `(r.latency_ms <= ${bounds[0]})`;
    if (index === bounds.length) return `(r.latency_ms > ${bounds[index - 1]})`;
    return `(r.latency_ms > ${bounds[index - 1]} AND r.latency_ms <= ${bounds[index]})`;
  });
  const hour = "substr(r.created_at, 1, 13) || ':00:00.000 +00:00'";
  const day = 'substr(r.created_at, 1, 10)';
  return [
    ...(table.bucket === 'hour' ? [hour] : [day]),
    ...table.dimensions.map((dimension) => source[dimension]),
    ...(table.bucket === 'hour' ? [day] : []),
    '1',
    '(r.status >= 400)',
    'COALESCE(r.prompt_tokens, 0)',
    'COALESCE(r.completion_tokens, 0)',
    'COALESCE(r.cached_tokens, 0)',
    'COALESCE(r.audio_seconds, 0)',
    'COALESCE(r.characters, 0)',
    'r.cache_hit',
    'r.cost_nanos',
    'r.latency_ms',
    ...latency,
  ];
}

/** The raw rows not folded yet, with their key's group when the table has key dimensions. */
const unfoldedRows = (table: RollupTable): string =>
  `FROM request_logs r${table.dimensions.includes('keyGroupId') ? ' LEFT JOIN virtual_keys k ON k.id = r.virtual_key_id' : ''} ` +
  `WHERE r.id > (SELECT through_id FROM ${watermark})`;

/** Sums the rows past the watermark into `table`. */
function sqliteFold(table: RollupTable): string {
  const keyColumns = keyColumnsOf(table);
  const values = sqliteRowValues(table);
  // The key and, for hourly tables, bucket_day (the same for every row of an hour) are not summed.
  const plain = insertColumnsOf(table).length - addedColumns.length;
  return (
    `INSERT INTO ${table.name} (${insertColumnsOf(table).join(',')}) ` +
    `SELECT ${[...values.slice(0, plain), ...values.slice(plain).map((value) => `SUM(${value})`)].join(', ')} ${unfoldedRows(table)} ` +
    `GROUP BY ${keyColumns.map((_, index) => index + 1).join(', ')} ` +
    `ON CONFLICT (${keyColumns.join(',')}) DO UPDATE SET ${addedColumns.map((column) => `${column} = ${column} + excluded.${column}`).join(', ')}`
  );
}

const folds = new Map(rollupTables.map((table) => [table, sqliteFold(table)]));

/** The statement summing the rows past the watermark into `table` (it does not move the watermark). */
export const sqliteFoldOf = (table: RollupTable): string => folds.get(table)!;

/**
 * What analytics read for `tableName` (a FROM item, aliased `rollups`): on SQLite, its rows and, one
 * per raw row, the rows not folded yet, with the same columns; on MariaDB, the table.
 */
export function rollupSource(dialect: string, tableName: string): string {
  const table = rollupTables.find((candidate) => candidate.name === tableName);
  if (!table) throw new Error(`no rollup table ${tableName}`);
  if (dialect !== 'sqlite') return `${table.name} AS rollups`;
  const columns = insertColumnsOf(table);
  const values = sqliteRowValues(table).map((value, index) => `${value} AS ${columns[index]}`);
  return `(SELECT ${columns.join(', ')} FROM ${table.name} UNION ALL SELECT ${values.join(', ')} ${unfoldedRows(table)}) AS rollups`;
}

/** The raw rows the rollups hold already, which the retention purge may delete (a WHERE term). */
export function foldedRowsOnly(dialect: string): string {
  return dialect === 'sqlite' ? `id <= (SELECT through_id FROM ${watermark})` : '1 = 1';
}
