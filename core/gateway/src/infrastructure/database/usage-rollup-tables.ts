/**
 * The rollup tables' shape, shared by the in-memory sums (usage-rollup-sums.ts, MariaDB) and SQLite's
 * SQL fold (usage-rollup-sqlite.ts). Three tables: usage_rollups with every dimension, usage_rollups_model
 * without the key ones, usage_rollups_key_day by day, key and key group only.
 */
import { latencyBucketCount } from '../../domain/latency-histogram.ts';

/** What the rollups read of a request-log row. */
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

export type Dimension = 'model' | 'providerId' | 'deploymentId' | 'virtualKeyId' | 'keyGroupId' | 'endpoint' | 'statusClass';

export const columnOf: Record<Dimension, string> = {
  model: 'model',
  providerId: 'provider_id',
  deploymentId: 'deployment_id',
  virtualKeyId: 'virtual_key_id',
  keyGroupId: 'key_group_id',
  endpoint: 'endpoint',
  statusClass: 'status_class',
};

export interface RollupTable {
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

export const histogramColumns = Array.from({ length: latencyBucketCount }, (_, index) => `lat_${index}`);
/** The summed columns, in the order of RollupSums' counters. */
export const addedColumns = ['requests', 'errors', 'prompt_tokens', 'completion_tokens', 'cached_tokens', 'audio_seconds', 'characters', 'cache_hits', 'cost', 'latency_ms_sum', ...histogramColumns];

/** The table's unique key: its bucket and dimensions. */
export const keyColumnsOf = (table: RollupTable): string[] => [table.bucket === 'hour' ? 'bucket_start' : 'bucket_day', ...table.dimensions.map((dimension) => columnOf[dimension])];
/** Every column a fold writes, in the order of the values it writes. */
export const insertColumnsOf = (table: RollupTable): string[] => [...keyColumnsOf(table), ...(table.bucket === 'hour' ? ['bucket_day'] : []), ...addedColumns];

const statusClasses = ['1xx', '1xx', '2xx', '3xx', '4xx', '5xx'];

export function statusClassOf(status: number): string {
  return statusClasses[Math.min(Math.max(Math.floor(status / 100), 1), 5)]!;
}
