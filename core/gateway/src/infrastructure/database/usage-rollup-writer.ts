/**
 * Folds a batch of request-log rows into the hourly rollups, inside the writer's transaction: the
 * rows are summed per hour and dimensions in memory, then each sum is added with one upsert statement
 * (INSERT … ON CONFLICT / ON DUPLICATE KEY UPDATE). Raw rows and rollups commit or roll back together,
 * so the rollups always equal the raw log. The key group is the key's group when the batch is written.
 */
import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { emptyLatencyHistogram, latencyBucketCount, latencyBucketOf } from '../../domain/latency-histogram.ts';
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
  cost?: number;
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
  cost: number;
  latencyMsSum: number;
  latency: number[];
}

const hourMs = 3_600_000;
const sumsPerStatement = 200;
const dimensionColumns = ['bucket_start', 'model', 'provider_id', 'deployment_id', 'virtual_key_id', 'key_group_id', 'endpoint', 'status_class'];
const histogramColumns = Array.from({ length: latencyBucketCount }, (_, index) => `lat_${index}`);
const addedColumns = ['requests', 'errors', 'prompt_tokens', 'completion_tokens', 'cached_tokens', 'cost', 'latency_ms_sum', ...histogramColumns];
const insertColumns = [...dimensionColumns, 'bucket_day', ...addedColumns];

export function statusClassOf(status: number): string {
  return `${Math.min(Math.max(Math.floor(status / 100), 1), 5)}xx`;
}

export class UsageRollupWriter {
  private readonly literal: (value: unknown) => string;
  private readonly sqlite: boolean;

  constructor(private readonly sequelize: Sequelize) {
    this.sqlite = sequelize.getDialect() === 'sqlite';
    this.literal = sqlLiteral(sequelize.getDialect());
  }

  async add(rows: readonly RollupSourceRow[], transaction: Transaction): Promise<void> {
    if (rows.length === 0) return;
    const groups = await this.keyGroups(rows, transaction);
    const sums = new Map<string, RollupSum>();
    for (const row of rows) {
      const createdAt = row.createdAt ?? new Date();
      const bucketStart = new Date(Math.floor(createdAt.getTime() / hourMs) * hourMs);
      const keyId = row.virtualKeyId ?? '';
      const sum = {
        model: row.model ?? '',
        providerId: row.providerId ?? '',
        deploymentId: row.deploymentId ?? '',
        virtualKeyId: keyId,
        keyGroupId: groups.get(keyId) ?? '',
        endpoint: row.endpoint,
        statusClass: statusClassOf(row.status),
      };
      const key = `${bucketStart.getTime()}|${sum.model}|${sum.providerId}|${sum.deploymentId}|${keyId}|${sum.keyGroupId}|${sum.endpoint}|${sum.statusClass}`;
      let entry = sums.get(key);
      if (!entry) {
        entry = {
          ...sum,
          bucketStart,
          bucketDay: bucketStart.toISOString().slice(0, 10),
          requests: 0,
          errors: 0,
          promptTokens: 0,
          completionTokens: 0,
          cachedTokens: 0,
          cost: 0,
          latencyMsSum: 0,
          latency: emptyLatencyHistogram(),
        };
        sums.set(key, entry);
      }
      entry.requests += 1;
      if (row.status >= 400) entry.errors += 1;
      entry.promptTokens += row.promptTokens ?? 0;
      entry.completionTokens += row.completionTokens ?? 0;
      entry.cachedTokens += row.cachedTokens ?? 0;
      entry.cost += row.cost ?? 0;
      entry.latencyMsSum += row.latencyMs;
      entry.latency[latencyBucketOf(row.latencyMs)]! += 1;
    }
    const all = [...sums.values()];
    for (let start = 0; start < all.length; start += sumsPerStatement) {
      await this.sequelize.query(this.upsert(all.slice(start, start + sumsPerStatement)), { transaction, type: QueryTypes.INSERT, raw: true });
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

  private upsert(sums: readonly RollupSum[]): string {
    const escape = (value: string): string => this.sequelize.escape(value);
    const values = sums.map((sum) =>
      [
        this.literal(sum.bucketStart),
        escape(sum.model),
        escape(sum.providerId),
        escape(sum.deploymentId),
        escape(sum.virtualKeyId),
        escape(sum.keyGroupId),
        escape(sum.endpoint),
        escape(sum.statusClass),
        escape(sum.bucketDay),
        sum.requests,
        sum.errors,
        sum.promptTokens,
        sum.completionTokens,
        sum.cachedTokens,
        this.literal(sum.cost),
        sum.latencyMsSum,
        ...sum.latency,
      ].join(','),
    );
    const head = `INSERT INTO usage_rollups (${insertColumns.join(',')}) VALUES (${values.join('),(')})`;
    if (this.sqlite) {
      return `${head} ON CONFLICT (${dimensionColumns.join(',')}) DO UPDATE SET ${addedColumns.map((column) => `${column} = ${column} + excluded.${column}`).join(', ')}`;
    }
    return `${head} ON DUPLICATE KEY UPDATE ${addedColumns.map((column) => `${column} = ${column} + VALUES(${column})`).join(', ')}`;
  }
}
