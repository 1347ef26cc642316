/**
 * Folds request-log rows into the hourly rollups, inside the writer's transaction, so the rollups
 * always equal the raw log. Three tables: usage_rollups with every dimension, usage_rollups_model
 * without the key ones, usage_rollups_key_day by day, key and key group only.
 *
 * SQLite: one INSERT … SELECT … GROUP BY … ON CONFLICT per table sums, in the database, the raw rows
 * past a watermark (`usage_rollup_watermark`, moved in the fold's transaction). While the
 * writer is behind (its batches are full), batches are not folded one by one: up to
 * `deferredRowsLimit` rows wait in the raw log and are folded together. A fold writes a rollup row
 * per hour and combination of dimensions it touches, scattered over the table: folding ten batches at
 * once writes each touched page once instead of up to ten times, which was most of the rollups' cost.
 * Rows not yet folded are still counted: analytics read them from the raw log beside the rollups
 * (`rollupSource`), and the purge keeps them. The key group is the key's group when the rows are
 * folded (within seconds of their write).
 * MariaDB: concurrent writers' ids interleave, so every batch is summed per hour and dimensions in
 * memory and each sum is added with one upsert statement (INSERT … ON DUPLICATE KEY UPDATE); the key
 * group is the key's group when the batch is written.
 */
import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { emptyLatencyHistogram, latencyBucketBoundsMs, latencyBucketCount, latencyBucketOf, mergeLatencyHistogram } from '../../domain/latency-histogram.ts';
import { sqlLiteral } from './insert-rows.ts';

export interface RollupSourceRow {
  virtualKeyId?: string | null;
  endpoint: string;
  model?: string | null;
  providerId?: string | null;
  deploymentId?: string | null;
  status: number;
  promptTokens?: number | null;
  completionTokens?: number | null;
  cachedTokens?: number | null;
  audioSeconds?: number | null;
  characters?: number | null;
  /** Answered from the response cache. */
  cacheHit?: boolean;
  /** Nano-dollars. */
  costNanos?: number;
  latencyMs: number;
  createdAt?: Date;
}

interface RollupSum {
  bucketStart: Date;
  bucketDay: string;
  model: string;
  providerId: string;
  deploymentId: string;
  virtualKeyId: string;
  keyGroupId: string;
  endpoint: string;
  statusClass: string;
  requests: number;
  errors: number;
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
  audioSeconds: number;
  characters: number;
  cacheHits: number;
  /** Nano-dollars. */
  cost: number;
  latencyMsSum: number;
  latency: number[];
}

const hourMs = 3_600_000;
const sumsPerStatement = 200;
/** SQLite: raw rows left unfolded while the writer is behind, at most (the analytics read them raw). */
const deferredRowsLimit = 20_000;
const watermark = 'usage_rollup_watermark';
const histogramColumns = Array.from({ length: latencyBucketCount }, (_, index) => `lat_${index}`);
const addedColumns = ['requests', 'errors', 'prompt_tokens', 'completion_tokens', 'cached_tokens', 'audio_seconds', 'characters', 'cache_hits', 'cost', 'latency_ms_sum', ...histogramColumns];

type Dimension = 'model' | 'providerId' | 'deploymentId' | 'virtualKeyId' | 'keyGroupId' | 'endpoint' | 'statusClass';
const columnOf: Record<Dimension, string> = {
  model: 'model',
  providerId: 'provider_id',
  deploymentId: 'deployment_id',
  virtualKeyId: 'virtual_key_id',
  keyGroupId: 'key_group_id',
  endpoint: 'endpoint',
  statusClass: 'status_class',
};

interface RollupTable {
  name: string;
  /** Hourly tables are keyed by bucket_start (and keep bucket_day beside it); daily ones by bucket_day. */
  bucket: 'hour' | 'day';
  dimensions: readonly Dimension[];
}

export const rollupTables: readonly RollupTable[] = [
  { name: 'usage_rollups', bucket: 'hour', dimensions: ['model', 'providerId', 'deploymentId', 'virtualKeyId', 'keyGroupId', 'endpoint', 'statusClass'] },
  { name: 'usage_rollups_model', bucket: 'hour', dimensions: ['model', 'providerId', 'deploymentId', 'endpoint', 'statusClass'] },
  { name: 'usage_rollups_key_day', bucket: 'day', dimensions: ['virtualKeyId', 'keyGroupId'] },
];

export function statusClassOf(status: number): string {
  return `${Math.min(Math.max(Math.floor(status / 100), 1), 5)}xx`;
}

export class UsageRollupWriter {
  private readonly literal: (value: unknown) => string;
  private readonly sqlite: boolean;
  /** SQLite: rows written since the last fold this writer committed; unknown (fold at once) after a start. */
  private unfolded: number | undefined;

  constructor(private readonly sequelize: Sequelize) {
    this.sqlite = sequelize.getDialect() === 'sqlite';
    this.literal = sqlLiteral(sequelize.getDialect());
  }

  /** Whether rows written are waiting to be folded (SQLite, after batches written while behind). */
  get pending(): boolean {
    return this.sqlite && this.unfolded !== 0;
  }

  /**
   * Adds `rows`, just inserted into request_logs in `transaction`, to the rollups. `behind`: the writer
   * has more rows waiting (SQLite may then leave them to a later fold).
   */
  async add(rows: readonly RollupSourceRow[], transaction: Transaction, options: { behind?: boolean } = {}): Promise<void> {
    if (this.sqlite) {
      const unfolded = this.unfolded === undefined ? undefined : this.unfolded + rows.length;
      if (unfolded === 0) return;
      if (options.behind && unfolded !== undefined && unfolded < deferredRowsLimit) {
        this.unfolded = unfolded;
        return;
      }
      for (const table of rollupTables) await this.sequelize.query(sqliteFolds.get(table)!, { transaction, type: QueryTypes.INSERT, raw: true });
      await this.sequelize.query(`UPDATE ${watermark} SET through_id = (SELECT COALESCE(MAX(id), through_id) FROM request_logs)`, {
        transaction,
        type: QueryTypes.UPDATE,
        raw: true,
      });
      transaction.afterCommit(() => {
        this.unfolded = 0;
      });
      return;
    }
    if (rows.length === 0) return;
    const groups = await this.keyGroups(rows, transaction);
    const rollupRows: RollupSum[] = rows.map((row) => {
      const createdAt = row.createdAt ?? new Date();
      const bucketStart = new Date(Math.floor(createdAt.getTime() / hourMs) * hourMs);
      const latency = emptyLatencyHistogram();
      latency[latencyBucketOf(row.latencyMs)] = 1;
      const keyId = row.virtualKeyId ?? '';
      return {
        bucketStart,
        bucketDay: bucketStart.toISOString().slice(0, 10),
        model: row.model ?? '',
        providerId: row.providerId ?? '',
        deploymentId: row.deploymentId ?? '',
        virtualKeyId: keyId,
        keyGroupId: groups.get(keyId) ?? '',
        endpoint: row.endpoint,
        statusClass: statusClassOf(row.status),
        requests: 1,
        errors: row.status >= 400 ? 1 : 0,
        promptTokens: row.promptTokens ?? 0,
        completionTokens: row.completionTokens ?? 0,
        cachedTokens: row.cachedTokens ?? 0,
        audioSeconds: row.audioSeconds ?? 0,
        characters: row.characters ?? 0,
        cacheHits: row.cacheHit ? 1 : 0,
        cost: row.costNanos ?? 0,
        latencyMsSum: row.latencyMs,
        latency,
      };
    });
    for (const table of rollupTables) {
      const sums = fold(rollupRows, table);
      for (let start = 0; start < sums.length; start += sumsPerStatement) {
        await this.sequelize.query(this.upsert(table, sums.slice(start, start + sumsPerStatement)), { transaction, type: QueryTypes.INSERT, raw: true });
      }
    }
  }

  private async keyGroups(rows: readonly RollupSourceRow[], transaction: Transaction): Promise<Map<string, string>> {
    const ids = [...new Set(rows.map((row) => row.virtualKeyId).filter((id): id is string => typeof id === 'string'))];
    const groups = new Map<string, string>();
    if (ids.length === 0) return groups;
    const found = await this.sequelize.query<{ id: string; group_id: string | null }>('SELECT id, group_id FROM virtual_keys WHERE id IN (:ids)', {
      replacements: { ids },
      type: QueryTypes.SELECT,
      transaction,
    });
    for (const row of found) if (row.group_id) groups.set(row.id, row.group_id);
    return groups;
  }

  private upsert(table: RollupTable, sums: readonly RollupSum[]): string {
    const escape = (value: string): string => this.sequelize.escape(value);
    const values = sums.map((sum) =>
      [
        ...(table.bucket === 'hour' ? [this.literal(sum.bucketStart)] : [escape(sum.bucketDay)]),
        ...table.dimensions.map((dimension) => escape(sum[dimension])),
        ...(table.bucket === 'hour' ? [escape(sum.bucketDay)] : []),
        sum.requests,
        sum.errors,
        sum.promptTokens,
        sum.completionTokens,
        sum.cachedTokens,
        sum.audioSeconds,
        sum.characters,
        sum.cacheHits,
        this.literal(sum.cost),
        sum.latencyMsSum,
        ...sum.latency,
      ].join(','),
    );
    return `INSERT INTO ${table.name} (${insertColumnsOf(table).join(',')}) VALUES (${values.join('),(')}) ON DUPLICATE KEY UPDATE ${addedColumns.map((column) => `${column} = ${column} + VALUES(${column})`).join(', ')}`;
  }
}

/** The table's unique key: its bucket and dimensions. */
const keyColumnsOf = (table: RollupTable): string[] => [table.bucket === 'hour' ? 'bucket_start' : 'bucket_day', ...table.dimensions.map((dimension) => columnOf[dimension])];
/** Every column the writer writes, in the order of the values it writes. */
const insertColumnsOf = (table: RollupTable): string[] => [...keyColumnsOf(table), ...(table.bucket === 'hour' ? ['bucket_day'] : []), ...addedColumns];

/**
 * SQLite: what `add` computes per row, as SQL over request_logs `r` (joined to virtual_keys `k`),
 * in insertColumnsOf(table)'s order. created_at is stored as
 * 'YYYY-MM-DD HH:mm:ss.SSS +00:00' (insert-rows.ts), so its first 13 characters are the hour, written
 * back the same way; status classes and latency buckets as statusClassOf and latencyBucketOf.
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

/** SQLite: the raw rows not folded yet, with their key's group when the table has key dimensions. */
const sqliteUnfoldedRows = (table: RollupTable): string =>
  `FROM request_logs r${table.dimensions.includes('keyGroupId') ? ' LEFT JOIN virtual_keys k ON k.id = r.virtual_key_id' : ''} ` +
  `WHERE r.id > (SELECT through_id FROM ${watermark})`;

/** SQLite: the SQL twin of `fold` over the rows past the watermark. */
function sqliteFold(table: RollupTable): string {
  const keyColumns = keyColumnsOf(table);
  const values = sqliteRowValues(table);
  // The key and, for hourly tables, bucket_day (the same for every row of an hour) are not summed.
  const plain = insertColumnsOf(table).length - addedColumns.length;
  return (
    `INSERT INTO ${table.name} (${insertColumnsOf(table).join(',')}) ` +
    `SELECT ${[...values.slice(0, plain), ...values.slice(plain).map((value) => `SUM(${value})`)].join(', ')} ${sqliteUnfoldedRows(table)} ` +
    `GROUP BY ${keyColumns.map((_, index) => index + 1).join(', ')} ` +
    `ON CONFLICT (${keyColumns.join(',')}) DO UPDATE SET ${addedColumns.map((column) => `${column} = ${column} + excluded.${column}`).join(', ')}`
  );
}

const sqliteFolds = new Map(rollupTables.map((table) => [table, sqliteFold(table)]));

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
  return `(SELECT ${columns.join(', ')} FROM ${table.name} UNION ALL SELECT ${values.join(', ')} ${sqliteUnfoldedRows(table)}) AS rollups`;
}

/** SQLite: the raw rows the rollups hold already, which the retention purge may delete (a WHERE term). */
export function foldedRowsOnly(dialect: string): string {
  return dialect === 'sqlite' ? `id <= (SELECT through_id FROM ${watermark})` : '1 = 1';
}

/** Sums rows that share the table's bucket (hour or day) and dimensions. */
function fold(rows: readonly RollupSum[], table: RollupTable): RollupSum[] {
  const sums = new Map<string, RollupSum>();
  for (const row of rows) {
    let key = table.bucket === 'hour' ? String(row.bucketStart.getTime()) : row.bucketDay;
    for (const dimension of table.dimensions) key += `|${row[dimension]}`;
    const sum = sums.get(key);
    if (!sum) {
      sums.set(key, { ...row, latency: [...row.latency] });
      continue;
    }
    sum.requests += row.requests;
    sum.errors += row.errors;
    sum.promptTokens += row.promptTokens;
    sum.completionTokens += row.completionTokens;
    sum.cachedTokens += row.cachedTokens;
    sum.audioSeconds += row.audioSeconds;
    sum.characters += row.characters;
    sum.cacheHits += row.cacheHits;
    sum.cost += row.cost;
    sum.latencyMsSum += row.latencyMsSum;
    mergeLatencyHistogram(sum.latency, row.latency);
  }
  return [...sums.values()];
}
