/**
 * Writes request logs and spend in batches, off the hot path: rows are queued in memory and flushed
 * every interval or when the batch is full, one flush at a time (`close()` waits for the last). A failed
 * flush keeps its rows for the next one (up to a bound, past which the oldest are dropped and counted,
 * so a dead database cannot exhaust memory); spend is never dropped, only summed.
 *
 * One bad row must not stop the rest: strings are bounded to their columns on the way in (fit-row.ts),
 * and when the database still refuses a batch for its content, the batch is written in halves down
 * to the row it refuses, which alone is dropped and logged (its spend, summed apart, still lands).
 *
 * Spend goes to the key's lifetime total and to `spend_periods` for every scope (key, group) and
 * period; once committed, `onSpendFlushed` hears each amount with its row version and the counter
 * generation that counted it at settlement, so rebuilt budget counters stay exact.
 */
import { rowInserter, type RowInserter } from './insert-rows.ts';
import { BoundedQueue } from './bounded-queue.ts';
import { ConnectionError, TimeoutError, type Sequelize, type Transaction } from 'sequelize';
import { rowFitter, type RowFitter } from './fit-row.ts';
import type { RequestLogRecord } from './models/request-log-model.ts';
import type { DatabaseModels } from './models/define-models.ts';
import type { SpendScopeKind } from '../../domain/spend-scope.ts';
import type { CountedSpend, FlushedSpend, RequestLogRow, RequestLogSink, SpendRecord } from '../../ports/request-log-sink.ts';
import type { Logger } from '../../ports/logger.ts';
import { SpendRepository, spendRowKey, type SpendIncrement } from './spend-repository.ts';
import type { UsageRollupWriter } from './usage-rollup-writer.ts';
import { addKeySpend } from './add-key-spend.ts';

export interface RequestLogWriterOptions {
  sequelize: Sequelize;
  /** The models of the same database. */
  models: DatabaseModels;
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

export class RequestLogWriter implements RequestLogSink {
  private readonly rows: BoundedQueue<RequestLogRow>;
  /** Lifetime spend not yet written, by virtual key id. */
  private pendingKeySpend = new Map<string, number>();
  /** Spend by scope, period and counting generation, not yet written. */
  private pendingSpend = new Map<string, PendingSpend>();
  /** Flushed spend the counters could not take yet (Redis was unreachable); retried with the next flush. */
  private unreconciled: FlushedSpend[] = [];
  /** Spend records whose settlement is still running. */
  private readonly settling = new Set<Promise<void>>();
  private readonly timer: NodeJS.Timeout;
  /** The end of the flush chain: each flush starts after the one before it ended. */
  private lastFlush: Promise<void> = Promise.resolve();
  /** A flush asked for but not started yet: later callers share it (it will write their rows too). */
  private nextFlush: Promise<void> | undefined;
  private fitter: RowFitter<RequestLogRow> | undefined;
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
    this.rows = new BoundedQueue(this.maxQueued);
    this.spendRows = new SpendRepository(options.models, options.sequelize);
    this.timer = setInterval(() => void this.flush(), options.flushIntervalMs ?? 500);
    this.timer.unref();
  }

  append(row: RequestLogRow, spend?: SpendRecord): void {
    this.fitter ??= rowFitter<RequestLogRecord, RequestLogRow>(this.options.models.RequestLogRecord, identifierColumns);
    try {
      this.dropped += this.rows.push(this.fitter.fit(row));
    } catch (error) {
      this.options.logger.error({ err: error, requestId: row.requestId }, 'a request log row was refused; its spend is still recorded');
    }
    if (row.virtualKeyId && row.costNanos > 0) {
      this.pendingKeySpend.set(row.virtualKeyId, (this.pendingKeySpend.get(row.virtualKeyId) ?? 0) + row.costNanos);
    }
    if (spend && (spend.amount > 0 || spend.earlier)) this.addSpend(spend);
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
  flush(): Promise<void> {
    this.nextFlush ??= this.lastFlush.then(() => {
      this.nextFlush = undefined;
      return this.flushOnce();
    });
    this.lastFlush = this.nextFlush;
    return this.nextFlush;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
    // SQLite folds beside the writer: the last batches' rows may still be on their way to the rollups.
    await this.options.rollups?.settle();
  }

  /** Never rejects: a failed write is kept for the next flush. */
  private async flushOnce(): Promise<void> {
    if (this.settling.size > 0) await Promise.all(this.settling);
    const idle = this.rows.length === 0 && this.pendingKeySpend.size === 0 && this.pendingSpend.size === 0 && this.unreconciled.length === 0;
    if (idle) return;
    try {
      await this.writeBatch();
    } catch (error) {
      this.options.logger.error({ err: error }, 'writing request logs failed');
    }
  }

  private addSpend(spend: SpendRecord): void {
    const book = (periodKeys: readonly string[], amount: number, counted: readonly CountedSpend[]): void => {
      for (const scope of spend.scopes) {
        for (const periodKey of periodKeys) {
          let generation: string | null = null;
          for (const entry of counted) {
            if (entry.kind === scope.kind && entry.id === scope.id && entry.periodKey === periodKey) {
              generation = entry.generation;
              break;
            }
          }
          this.addPending({ kind: scope.kind, id: scope.id, periodKey, generation, amount });
        }
      }
    };
    const fold = (counted: readonly CountedSpend[]): void => {
      this.settling.delete(folded);
      for (const part of spend.earlier ?? []) if (part.amount > 0) book(part.periodKeys, part.amount, part.counted);
      if (spend.amount > 0) book(spend.periodKeys, spend.amount, counted);
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
    const rows = this.rows.takeAll();
    const keySpend = this.pendingKeySpend;
    const spend = this.pendingSpend;
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
    let retry: RequestLogRow[] = [];
    try {
      versions = await this.transact(rows, keySpend, increments);
    } catch (error) {
      if (rows.length > 0 && (await this.refusedForContent(error))) {
        retry = await this.insertIsolating(rows);
        try {
          versions = await this.transact([], keySpend, increments);
        } catch (spendError) {
          this.keepForRetry(retry, keySpend, spend, spendError);
          return;
        }
      } else {
        this.keepForRetry(rows, keySpend, spend, error);
        return;
      }
    }
    this.dropped += this.rows.prepend(retry);
    if (this.dropped > 0) {
      this.options.logger.error({ dropped: this.dropped }, 'request log rows were dropped while the database was unavailable');
      this.dropped = 0;
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

  /** Rows, key totals and period spend in one transaction; the spend rows' versions after it. */
  private transact(rows: readonly RequestLogRow[], keySpend: Map<string, number>, increments: Map<string, SpendIncrement>): Promise<Map<string, number>> {
    return this.options.sequelize.transaction(async (transaction) => {
      await this.insertRows(rows, transaction);
      await addKeySpend(this.options.sequelize, keySpend, transaction);
      return increments.size > 0 ? this.spendRows.add([...increments.values()], transaction) : new Map<string, number>();
    });
  }

  private async insertRows(rows: readonly RequestLogRow[], transaction: Transaction): Promise<void> {
    if (rows.length > 0) {
      this.inserter ??= rowInserter<RequestLogRecord, RequestLogRow>(this.options.sequelize, this.options.models.RequestLogRecord);
      for (let start = 0; start < rows.length; start += rowsPerStatement) {
        await this.inserter.insert(rows.slice(start, start + rowsPerStatement), transaction);
      }
    }
    // Rollups: with the raw rows' transaction, on every path that writes rows (a whole batch, or the
    // halves of one the database refused part of): MariaDB adds them in it, SQLite folds once it committed.
    await this.options.rollups?.add(rows, transaction);
  }

  /**
   * Writes the rows the database takes, in halves down to single rows, and drops (logging) each row
   * it refuses alone. Returns the rows to try again: those left when the database itself failed.
   */
  private async insertIsolating(rows: readonly RequestLogRow[]): Promise<RequestLogRow[]> {
    try {
      await this.options.sequelize.transaction((transaction) => this.insertRows(rows, transaction));
      return [];
    } catch (error) {
      if (!(await this.refusedForContent(error))) return [...rows];
      if (rows.length === 1) {
        const row = rows[0]!;
        this.options.logger.error(
          { err: error, requestId: row.requestId, model: row.model, status: row.status },
          'the database refused a request log row; dropped it (its spend is still recorded)',
        );
        return [];
      }
      const middle = rows.length >> 1;
      const left = await this.insertIsolating(rows.slice(0, middle));
      return left.concat(await this.insertIsolating(rows.slice(middle)));
    }
  }

  /**
   * Whether a failed write was refused for what it holds (a value the column cannot take, a value
   * that cannot be written as SQL) rather than because the database is unreachable or busy. Asks the
   * database when in doubt: a refusal from a database that answers is about the content.
   */
  private async refusedForContent(error: unknown): Promise<boolean> {
    if (error instanceof ConnectionError || error instanceof TimeoutError) return false;
    const cause = (error as { parent?: { errno?: number; code?: string } }).parent;
    if (cause && (transientErrnos.has(cause.errno ?? 0) || transientCodes.has(cause.code ?? ''))) return false;
    try {
      await this.options.sequelize.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  private keepForRetry(rows: RequestLogRow[], keySpend: Map<string, number>, spend: Map<string, PendingSpend>, error: unknown): void {
    this.options.logger.error({ err: error, rows: rows.length }, 'writing request logs failed; will retry');
    this.dropped += this.rows.prepend(rows);
    for (const [id, amount] of keySpend) this.pendingKeySpend.set(id, (this.pendingKeySpend.get(id) ?? 0) + amount);
    for (const entry of spend.values()) this.addPending(entry);
  }
}

/** Identifier columns are refused whole when too long; every other string column is a label, cut to fit. */
const identifierColumns = ['requestId', 'virtualKeyId', 'providerId', 'deploymentId'] as const;
/** MariaDB: lock wait timeout, deadlock, server gone / lost connection, read-only. */
const transientErrnos = new Set([1205, 1213, 2006, 2013, 1290, 1836]);
const transientCodes = new Set(['SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_IOERR', 'SQLITE_FULL', 'SQLITE_READONLY', 'SQLITE_CANTOPEN', 'ECONNRESET', 'ECONNREFUSED', 'PROTOCOL_CONNECTION_LOST', 'ETIMEDOUT']);
