/**
 * Request-log rows summed in memory per rollup table, hour or day, and dimensions: what a fold adds
 * to the tables, written as one upsert per few hundred sums. The key group is not summed by: it is
 * the key's group when the sums are written, so it is given then.
 */
import { latencyBucketCount, latencyBucketOf } from '../../domain/latency-histogram.ts';
import { sqlLiteral, sqlString } from './insert-rows.ts';
import { addedColumns, insertColumnsOf, keyColumnsOf, statusClassOf, type Dimension, type RollupSourceRow, type RollupTable } from './usage-rollup-tables.ts';

interface Sum {
  /** The hour's or the day's start, in ms. */
  bucket: number;
  /** The dimensions' values in the table's order; keyGroupId's is written from the key's group. */
  dimensions: string[];
  virtualKeyId: string;
  /** addedColumns' values, in their order. */
  counters: number[];
}

const hourMs = 3_600_000;
const dayMs = 86_400_000;
const sumsPerStatement = 500;
/** Counters before the latency histogram in addedColumns. */
const plainCounters = addedColumns.length - latencyBucketCount;

export class RollupSums {
  private readonly sums: Array<Map<string, Sum>>;

  constructor(private readonly tables: readonly RollupTable[]) {
    this.sums = tables.map(() => new Map<string, Sum>());
  }

  add(rows: readonly RollupSourceRow[]): void {
    const measures = new Array<number>(plainCounters);
    const values: Record<Dimension, string> = { model: '', providerId: '', deploymentId: '', virtualKeyId: '', keyGroupId: '', endpoint: '', statusClass: '' };
    for (const row of rows) {
      const createdAt = (row.createdAt ?? new Date()).getTime();
      const hour = Math.floor(createdAt / hourMs) * hourMs;
      values.model = row.model ?? '';
      values.providerId = row.providerId ?? '';
      values.deploymentId = row.deploymentId ?? '';
      values.virtualKeyId = row.virtualKeyId ?? '';
      values.endpoint = row.endpoint;
      values.statusClass = statusClassOf(row.status);
      measures[0] = 1;
      measures[1] = row.status >= 400 ? 1 : 0;
      measures[2] = row.promptTokens ?? 0;
      measures[3] = row.completionTokens ?? 0;
      measures[4] = row.cachedTokens ?? 0;
      measures[5] = row.audioSeconds ?? 0;
      measures[6] = row.characters ?? 0;
      measures[7] = row.cacheHit ? 1 : 0;
      measures[8] = row.costNanos ?? 0;
      measures[9] = row.latencyMs;
      const latencyCounter = plainCounters + latencyBucketOf(row.latencyMs);
      this.tables.forEach((table, index) => {
        const bucket = table.bucket === 'hour' ? hour : Math.floor(createdAt / dayMs) * dayMs;
        // Each value length-prefixed: a separator alone could also appear inside a value (a model named `a|b`).
        let key = String(bucket);
        for (const dimension of table.dimensions) if (dimension !== 'keyGroupId') key += `|${values[dimension].length}:${values[dimension]}`;
        const sums = this.sums[index]!;
        let sum = sums.get(key);
        if (!sum) {
          sum = { bucket, dimensions: table.dimensions.map((dimension) => values[dimension]), virtualKeyId: values.virtualKeyId, counters: new Array<number>(addedColumns.length).fill(0) };
          sums.set(key, sum);
        }
        const counters = sum.counters;
        for (let counter = 0; counter < plainCounters; counter++) counters[counter]! += measures[counter]!;
        counters[latencyCounter]! += 1;
      });
    }
  }

  /** The virtual keys the sums hold, whose groups `statements` needs. */
  keyIds(): string[] {
    const ids = new Set<string>();
    this.tables.forEach((table, index) => {
      if (table.dimensions.includes('keyGroupId')) for (const sum of this.sums[index]!.values()) if (sum.virtualKeyId) ids.add(sum.virtualKeyId);
    });
    return [...ids];
  }

  /** Upserts adding the sums to the tables; `groups`: each key's group (none: ''). */
  statements(dialect: string, groups: ReadonlyMap<string, string>): string[] {
    const literal = sqlLiteral(dialect);
    const string = sqlString(dialect);
    const statements: string[] = [];
    this.tables.forEach((table, index) => {
      const groupAt = table.dimensions.indexOf('keyGroupId');
      const values: string[] = [];
      for (const sum of this.sums[index]!.values()) {
        const bucket = new Date(sum.bucket);
        const day = bucket.toISOString().slice(0, 10);
        const dimensions = sum.dimensions.map((value, at) => string(at === groupAt ? (groups.get(sum.virtualKeyId) ?? '') : value));
        const head = table.bucket === 'hour' ? [literal(bucket), ...dimensions, string(day)] : [string(day), ...dimensions];
        values.push(`(${head.join(',')},${sum.counters.join(',')})`);
      }
      for (let start = 0; start < values.length; start += sumsPerStatement) {
        statements.push(`INSERT INTO ${table.name} (${insertColumnsOf(table).join(',')}) VALUES ${values.slice(start, start + sumsPerStatement).join(',')} ${conflictClause(dialect, table)}`);
      }
    });
    return statements;
  }
}

function conflictClause(dialect: string, table: RollupTable): string {
  if (dialect === 'sqlite') return `ON CONFLICT (${keyColumnsOf(table).join(',')}) DO UPDATE SET ${addedColumns.map((column) => `${column} = ${column} + excluded.${column}`).join(', ')}`;
  return `ON DUPLICATE KEY UPDATE ${addedColumns.map((column) => `${column} = ${column} + VALUES(${column})`).join(', ')}`;
}
