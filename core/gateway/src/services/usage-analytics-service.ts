/**
 * Usage analytics, served from the hourly rollups (never the raw log): sums per hour or day and per
 * chosen dimensions, with the latency p95 from the merged histograms. `from` counts from the start of
 * its hour; an hour is included when it starts before `to`. Questions that neither group nor filter
 * by key read usage_rollups_model, which has far fewer rows when many keys use the same models; those
 * about keys or key groups alone read usage_rollups_key_day for whole days (see `source`). Rows the
 * log writer has not folded into the rollups yet are read from the raw log (rollupSource).
 */
import { nanosToUsd } from '../domain/money.ts';
import { QueryTypes, type Sequelize } from 'sequelize';
import { latencyBucketCount, latencyPercentile } from '../domain/latency-histogram.ts';
import { formatCsv } from '../engine/usage/csv.ts';
import { sqlLiteral } from '../infrastructure/database/insert-rows.ts';
import { rollupSource } from '../infrastructure/database/usage-rollup-sqlite.ts';
import { InputError } from './input-error.ts';

export const usageDimensions = ['MODEL', 'PROVIDER', 'DEPLOYMENT', 'VIRTUAL_KEY', 'KEY_GROUP', 'ENDPOINT', 'STATUS_CLASS'] as const;
export type UsageDimension = (typeof usageDimensions)[number];
export type UsageBucket = 'HOUR' | 'DAY';

const dimensionColumns: Record<UsageDimension, { column: string; field: keyof UsageDimensionValues }> = {
  MODEL: { column: 'model', field: 'model' },
  PROVIDER: { column: 'provider_id', field: 'providerId' },
  DEPLOYMENT: { column: 'deployment_id', field: 'deploymentId' },
  VIRTUAL_KEY: { column: 'virtual_key_id', field: 'virtualKeyId' },
  KEY_GROUP: { column: 'key_group_id', field: 'keyGroupId' },
  ENDPOINT: { column: 'endpoint', field: 'endpoint' },
  STATUS_CLASS: { column: 'status_class', field: 'statusClass' },
};

export interface UsageFilter {
  models?: readonly string[] | null;
  providerIds?: readonly string[] | null;
  deploymentIds?: readonly string[] | null;
  virtualKeyIds?: readonly string[] | null;
  keyGroupIds?: readonly string[] | null;
  endpoints?: readonly string[] | null;
  statusClasses?: readonly string[] | null;
}

const filterColumns: Record<keyof UsageFilter, string> = {
  models: 'model',
  providerIds: 'provider_id',
  deploymentIds: 'deployment_id',
  virtualKeyIds: 'virtual_key_id',
  keyGroupIds: 'key_group_id',
  endpoints: 'endpoint',
  statusClasses: 'status_class',
};

export interface UsageDimensionValues {
  model: string | null;
  providerId: string | null;
  deploymentId: string | null;
  virtualKeyId: string | null;
  keyGroupId: string | null;
  endpoint: string | null;
  statusClass: string | null;
}

export interface UsageRow extends UsageDimensionValues {
  /** Null when the query has no bucket (one row per group over the whole range). */
  bucketStart: Date | null;
  requests: number;
  errors: number;
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
  /** Seconds of audio in and out. */
  audioSeconds: number;
  /** Characters spoken. */
  characters: number;
  /** Requests answered from the response cache. */
  cacheHits: number;
  cost: number;
  latencyMsAvg: number | null;
  latencyMsP95: number | null;
}

export interface UsageQuery {
  from: Date;
  to: Date;
  bucket?: UsageBucket | null;
  groupBy?: readonly UsageDimension[] | null;
  filter?: UsageFilter | null;
}

const hourMs = 3_600_000;
const dayMs = 86_400_000;
const histogramColumns = Array.from({ length: latencyBucketCount }, (_, index) => `lat_${index}`);
const sums = ['requests', 'errors', 'prompt_tokens', 'completion_tokens', 'cached_tokens', 'audio_seconds', 'characters', 'cache_hits', 'cost', 'latency_ms_sum', ...histogramColumns];

export class UsageAnalyticsService {
  private readonly literal: (value: unknown) => string;

  constructor(private readonly sequelize: Sequelize) {
    this.literal = sqlLiteral(sequelize.getDialect());
  }

  async usage(query: UsageQuery): Promise<UsageRow[]> {
    const { from, to } = query;
    if (!(from.getTime() < to.getTime())) throw new InputError('to', 'must be after from');
    const groupBy = [...new Set(query.groupBy ?? [])];
    const selected: string[] = [];
    if (query.bucket === 'HOUR') selected.push('bucket_start AS bucket');
    else if (query.bucket === 'DAY') selected.push('bucket_day AS bucket');
    for (const dimension of groupBy) selected.push(dimensionColumns[dimension].column);
    const grouped = selected.map((expression) => expression.split(' AS ').pop()!);

    const filters: string[] = [];
    const replacements: Record<string, readonly string[]> = {};
    for (const [name, column] of Object.entries(filterColumns) as Array<[keyof UsageFilter, string]>) {
      const values = query.filter?.[name];
      if (!values) continue;
      if (values.length === 0) return [];
      filters.push(`${column} IN (:${name})`);
      replacements[name] = values;
    }
    const sql =
      `SELECT ${[...selected, ...sums.map((column) => `SUM(${column}) AS ${column}`)].join(', ')} FROM ${this.source(query, groupBy, filters)}` +
      (grouped.length > 0 ? ` GROUP BY ${grouped.join(', ')} ORDER BY ${grouped.join(', ')}` : '');
    const rows = await this.sequelize.query<Record<string, unknown>>(sql, { type: QueryTypes.SELECT, replacements, raw: true });
    return rows
      .filter((row) => Number(row.requests ?? 0) > 0 || grouped.length === 0)
      .map((row) => this.toUsageRow(row, query.bucket ?? null, groupBy));
  }

  /**
   * The rows the query sums, filtered (a FROM item and its WHERE). A question about keys or key groups
   * only, by day or over the whole range, reads whole days from usage_rollups_key_day and the hours
   * before the first and after the last from usage_rollups; other questions about keys read
   * usage_rollups, the rest usage_rollups_model.
   */
  private source(query: UsageQuery, groupBy: readonly UsageDimension[], filters: readonly string[]): string {
    const dialect = this.sequelize.getDialect();
    const fromHour = Math.floor(query.from.getTime() / hourMs) * hourMs;
    const hours = (start: number, end: Date | number): string[] => [`bucket_start >= ${this.literal(new Date(start))}`, `bucket_start < ${this.literal(new Date(end))}`];
    const keyOnly = (dimension: string): boolean => dimension === 'VIRTUAL_KEY' || dimension === 'KEY_GROUP';
    const filtered = Object.entries(query.filter ?? {}).filter(([, values]) => values).map(([name]) => name);
    const byKey = groupBy.some(keyOnly) || filtered.includes('virtualKeyIds') || filtered.includes('keyGroupIds');
    if (!byKey) return `${rollupSource(dialect, 'usage_rollups_model')} WHERE ${[...hours(fromHour, query.to), ...filters].join(' AND ')}`;
    // Whole days: every hour of the day starts in [fromHour, to).
    const firstDay = Math.ceil(fromHour / dayMs) * dayMs;
    const endDay = Math.floor(Math.ceil(query.to.getTime() / hourMs) * hourMs / dayMs) * dayMs;
    const keysAndDays =
      query.bucket !== 'HOUR' && groupBy.every(keyOnly) && filtered.every((name) => name === 'virtualKeyIds' || name === 'keyGroupIds') && firstDay < endDay;
    if (!keysAndDays) return `${rollupSource(dialect, 'usage_rollups')} WHERE ${[...hours(fromHour, query.to), ...filters].join(' AND ')}`;
    const columns = ['bucket_day', 'virtual_key_id', 'key_group_id', ...sums].join(', ');
    const day = (time: number): string => `'${new Date(time).toISOString().slice(0, 10)}'`;
    const arm = (table: string, range: readonly string[]): string => `SELECT ${columns} FROM ${rollupSource(dialect, table)} WHERE ${[...range, ...filters].join(' AND ')}`;
    const arms = [arm('usage_rollups_key_day', [`bucket_day >= ${day(firstDay)}`, `bucket_day < ${day(endDay)}`])];
    if (fromHour < firstDay) arms.push(arm('usage_rollups', hours(fromHour, firstDay)));
    if (endDay < query.to.getTime()) arms.push(arm('usage_rollups', hours(endDay, query.to)));
    return `(${arms.join(' UNION ALL ')}) AS key_usage`;
  }

  async totals(query: Omit<UsageQuery, 'bucket' | 'groupBy'>): Promise<UsageRow> {
    const [row] = await this.usage({ ...query, bucket: null, groupBy: [] });
    return row ?? this.toUsageRow({}, null, []);
  }

  async export(query: UsageQuery, format: 'CSV' | 'JSON'): Promise<string> {
    const rows = await this.usage(query);
    const groupBy = [...new Set(query.groupBy ?? [])];
    const columns: Array<keyof UsageRow> = [
      ...(query.bucket ? (['bucketStart'] as const) : []),
      ...groupBy.map((dimension) => dimensionColumns[dimension].field),
      'requests',
      'errors',
      'promptTokens',
      'completionTokens',
      'cachedTokens',
      'audioSeconds',
      'characters',
      'cacheHits',
      'cost',
      'latencyMsAvg',
      'latencyMsP95',
    ];
    const value = (row: UsageRow, column: keyof UsageRow): string | number | null => {
      const field = row[column];
      return field instanceof Date ? field.toISOString() : field;
    };
    if (format === 'JSON') return JSON.stringify(rows.map((row) => Object.fromEntries(columns.map((column) => [column, value(row, column)]))));
    return formatCsv([columns, ...rows.map((row) => columns.map((column) => value(row, column)))]);
  }

  private toUsageRow(row: Record<string, unknown>, bucket: UsageBucket | null, groupBy: readonly UsageDimension[]): UsageRow {
    const number = (name: string): number => Number(row[name] ?? 0);
    const requests = number('requests');
    const histogram = histogramColumns.map((column) => number(column));
    const dimension = (name: UsageDimension): string | null => {
      if (!groupBy.includes(name)) return null;
      const value = row[dimensionColumns[name].column];
      return value === '' || value === null || value === undefined ? null : String(value);
    };
    return {
      bucketStart: bucket === null ? null : bucketDate(row.bucket, bucket),
      model: dimension('MODEL'),
      providerId: dimension('PROVIDER'),
      deploymentId: dimension('DEPLOYMENT'),
      virtualKeyId: dimension('VIRTUAL_KEY'),
      keyGroupId: dimension('KEY_GROUP'),
      endpoint: dimension('ENDPOINT'),
      statusClass: dimension('STATUS_CLASS'),
      requests,
      errors: number('errors'),
      promptTokens: number('prompt_tokens'),
      completionTokens: number('completion_tokens'),
      cachedTokens: number('cached_tokens'),
      audioSeconds: Math.round(number('audio_seconds') * 1000) / 1000,
      characters: number('characters'),
      cacheHits: number('cache_hits'),
      cost: nanosToUsd(number('cost')),
      latencyMsAvg: requests > 0 ? Math.round((number('latency_ms_sum') / requests) * 10) / 10 : null,
      latencyMsP95: latencyPercentile(histogram, 0.95),
    };
  }
}

function bucketDate(value: unknown, bucket: UsageBucket): Date {
  if (value instanceof Date) return value;
  const text = String(value);
  if (bucket === 'DAY') return new Date(`${text.slice(0, 10)}T00:00:00.000Z`);
  // SQLite hands back the stored text: "YYYY-MM-DD HH:mm:ss.SSS +00:00".
  return new Date(`${text.slice(0, 10)}T${text.slice(11, 23)}Z`);
}
