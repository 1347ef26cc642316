/**
 * Writes request logs and spend in batches, off the hot path: rows are queued in memory and flushed
 * every interval or when the batch is full. A failed flush keeps its rows for the next one (up to a
 * bound, past which the oldest are dropped and counted, so a dead database cannot exhaust memory);
 * spend is never dropped, only summed.
 *
 * Spend goes to the key's lifetime total and to `spend_periods` for every scope (key, group) and
 * period; once committed, `onSpendFlushed` hears each amount with its row version and the counter
 * generation that counted it at settlement, so rebuilt budget counters stay exact.
 */
import { rowInserter, type RowInserter } from './insert-rows.ts';
import type { CreationAttributes, Sequelize } from 'sequelize';
import { RequestLogRecord } from './models/request-log-model.ts';
import type { SpendScopeKind } from '../../domain/spend-scope.ts';
import { VirtualKeyRecord } from './models/virtual-key-model.ts';
import type { Logger } from '../../ports/logger.ts';
import { SpendRepository, spendRowKey, type SpendIncrement } from './spend-repository.ts';
import type { UsageRollupWriter } from './usage-rollup-writer.ts';

export type RequestLogRow = CreationAttributes<RequestLogRecord>;

/** Which budget counter (by scope and period) counted an amount when its request settled. */
export interface CountedSpend {
  kind: SpendScopeKind;
  id: string;
  periodKey: string;
  generation: string | null;
}

export interface SpendRecord {
  scopes: ReadonlyArray<{ kind: SpendScopeKind; id: string }>;
  /** The period keys current when the request was admitted. */
  periodKeys: readonly string[];
  amount: number;
  /** Resolves (never rejects) once the request's counters settled. */
  counted: Promise<readonly CountedSpend[]>;
}

export interface FlushedSpend extends CountedSpend {
  /** The row's version after this write. */
  version: number;
  amount: number;
}

export interface RequestLogWriterOptions {
  sequelize: Sequelize;
  logger: Logger;
  flushIntervalMs?: number;
  batchSize?: number;
  maxQueued?: number;
  onSpendFlushed?: (flushed: FlushedSpend[]) => Promise<void>;
  /** Hourly usage rollups, kept in the same transaction as the raw rows. */
  rollups?: UsageRollupWriter;
}

/** Rows per INSERT statement: SQLite and MariaDB cap a statement's size. */
const rowsPerStatement = 500;

interface PendingSpend extends CountedSpend {
  amount: number;
}

export class RequestLogWriter {
  private rows: RequestLogRow[] = [];
  /** Lifetime spend not yet written, by virtual key id. */
  private pendingKeySpend = new Map<string, number>();
  /** Spend by scope, period and counting generation, not yet written. */
  private pendingSpend = new Map<string, PendingSpend>();
  /** Flushed spend the counters could not take yet (Redis was unreachable); retried with the next flush. */
  private unreconciled: FlushedSpend[] = [];
  /** Spend records whose settlement is still running. */
  private readonly settling = new Set<Promise<void>>();
  private readonly timer: NodeJS.Timeout;
  private flushing: Promise<void> | undefined;
  private dropped = 0;
  private inserter: RowInserter<RequestLogRow> | undefined;
  private readonly batchSize: number;
  private readonly maxQueued: number;
  private readonly spendRows: SpendRepository;

  constructor(private readonly options: RequestLogWriterOptions) {
    // Each flush is a transaction with fixed costs (spend rows, key totals): under load, fewer and
    // larger flushes cost less per request.
    this.batchSize = options.batchSize ?? 2000;
    this.maxQueued = options.maxQueued ?? 100_000;
    this.spendRows = new SpendRepository(options.sequelize);
    this.timer = setInterval(() => void this.flush(), options.flushIntervalMs ?? 500);
    this.timer.unref();
  }

  append(row: RequestLogRow, spend?: SpendRecord): void {
    this.rows.push(row);
    if (row.virtualKeyId && row.cost && row.cost > 0) {
      this.pendingKeySpend.set(row.virtualKeyId, (this.pendingKeySpend.get(row.virtualKeyId) ?? 0) + row.cost);
    }
    if (spend && spend.amount > 0) this.addSpend(spend);
    if (this.rows.length > this.maxQueued) {
      const excess = this.rows.length - this.maxQueued;
      this.rows.splice(0, excess);
      this.dropped += excess;
    }
    if (this.rows.length >= this.batchSize) void this.flush();
  }


  /** Spend recorded for a key or group in a period but not yet in the database. */
  unflushedPeriodSpend(kind: SpendScopeKind, id: string, periodKey: string): number {
    let amount = 0;
    for (const entry of this.pendingSpend.values()) {
      if (entry.kind === kind && entry.id === id && entry.periodKey === periodKey) amount += entry.amount;
    }
    return amount;
  }

  /** Writes everything queued so far; resolves when it is in the database. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.settling.size > 0) await Promise.all(this.settling);
    if (this.rows.length === 0 && this.pendingKeySpend.size === 0 && this.pendingSpend.size === 0 && this.unreconciled.length === 0) return;
    this.flushing = this.writeBatch().finally(() => {
      this.flushing = undefined;
    });
    await this.flushing;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  private addSpend(spend: SpendRecord): void {
    const fold = (counted: readonly CountedSpend[]): void => {
      this.settling.delete(folded);
      for (const scope of spend.scopes) {
        for (const periodKey of spend.periodKeys) {
          let generation: string | null = null;
          for (const entry of counted) {
            if (entry.kind === scope.kind && entry.id === scope.id && entry.periodKey === periodKey) {
              generation = entry.generation;
              break;
            }
          }
          this.addPending({ kind: scope.kind, id: scope.id, periodKey, generation, amount: spend.amount });
        }
      }
    };
    const folded: Promise<void> = spend.counted.then(fold, () => fold([]));
    this.settling.add(folded);
  }

  private addPending(entry: PendingSpend): void {
    const key = `${spendRowKey(entry.kind, entry.id, entry.periodKey)}|${entry.generation ?? ''}`;
    const existing = this.pendingSpend.get(key);
    if (existing) existing.amount += entry.amount;
    else this.pendingSpend.set(key, { ...entry });
  }

  private async writeBatch(): Promise<void> {
    const rows = this.rows;
    const keySpend = this.pendingKeySpend;
    const spend = this.pendingSpend;
    this.rows = [];
    this.pendingKeySpend = new Map();
    this.pendingSpend = new Map();
    const increments = new Map<string, SpendIncrement>();
    for (const entry of spend.values()) {
      const key = spendRowKey(entry.kind, entry.id, entry.periodKey);
      const increment = increments.get(key);
      if (increment) increment.amount += entry.amount;
      else increments.set(key, { kind: entry.kind, id: entry.id, periodKey: entry.periodKey, amount: entry.amount });
    }
    let versions: Map<string, number>;
    try {
      versions = await this.options.sequelize.transaction(async (transaction) => {
        if (rows.length > 0) {
          this.inserter ??= rowInserter<RequestLogRecord, RequestLogRow>(this.options.sequelize, RequestLogRecord);
          for (let start = 0; start < rows.length; start += rowsPerStatement) {
            await this.inserter.insert(rows.slice(start, start + rowsPerStatement), transaction);
          }
          // Rollups: same transaction, so they commit (or roll back) exactly with the raw rows.
          await this.options.rollups?.add(rows, transaction);
        }
        for (const [id, amount] of [...keySpend.entries()].sort(([a], [b]) => a.localeCompare(b))) {
          await VirtualKeyRecord.increment({ spend: amount }, { where: { id }, transaction });
        }
        return increments.size > 0 ? this.spendRows.add([...increments.values()], transaction) : new Map<string, number>();
      });
      if (this.dropped > 0) {
        this.options.logger.error({ dropped: this.dropped }, 'request log rows were dropped while the database was unavailable');
        this.dropped = 0;
      }
    } catch (error) {
      this.options.logger.error({ err: error, rows: rows.length }, 'writing request logs failed; will retry');
      this.rows = rows.concat(this.rows);
      for (const [id, amount] of keySpend) this.pendingKeySpend.set(id, (this.pendingKeySpend.get(id) ?? 0) + amount);
      for (const entry of spend.values()) this.addPending(entry);
      return;
    }
    if (!this.options.onSpendFlushed) return;
    const flushed = this.unreconciled.concat(
      [...spend.values()].map((entry) => ({ ...entry, version: versions.get(spendRowKey(entry.kind, entry.id, entry.periodKey)) ?? 0 })),
    );
    this.unreconciled = [];
    if (flushed.length === 0) return;
    try {
      await this.options.onSpendFlushed(flushed);
    } catch (error) {
      this.options.logger.warn({ err: error }, 'budget counters could not take flushed spend into account; will retry');
      this.unreconciled = flushed.slice(-this.maxQueued);
    }
  }
}
