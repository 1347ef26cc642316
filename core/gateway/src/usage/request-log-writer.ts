/**
 * Writes request logs and spend in batches, off the hot path: rows are queued in memory and flushed
 * every interval or when the batch is full. A failed flush keeps its rows for the next one (up to a
 * bound, past which the oldest are dropped and counted, so a dead database cannot exhaust memory).
 */
import type { CreationAttributes, Sequelize } from 'sequelize';
import { RequestLogRecord } from '../db/models/request-log-model.ts';
import { VirtualKeyRecord } from '../db/models/virtual-key-model.ts';
import type { Logger } from '../logging/logger.ts';

export type RequestLogRow = CreationAttributes<RequestLogRecord>;

export interface RequestLogWriterOptions {
  sequelize: Sequelize;
  logger: Logger;
  flushIntervalMs?: number;
  batchSize?: number;
  maxQueued?: number;
}

export class RequestLogWriter {
  private rows: RequestLogRow[] = [];
  /** Spend not yet written, by virtual key id. */
  private readonly pendingSpend = new Map<string, number>();
  private readonly timer: NodeJS.Timeout;
  private flushing: Promise<void> | undefined;
  private dropped = 0;
  private readonly batchSize: number;
  private readonly maxQueued: number;

  constructor(private readonly options: RequestLogWriterOptions) {
    this.batchSize = options.batchSize ?? 500;
    this.maxQueued = options.maxQueued ?? 100_000;
    this.timer = setInterval(() => void this.flush(), options.flushIntervalMs ?? 500);
    this.timer.unref();
  }

  append(row: RequestLogRow): void {
    this.rows.push(row);
    if (row.virtualKeyId && row.cost && row.cost > 0) {
      this.pendingSpend.set(row.virtualKeyId, (this.pendingSpend.get(row.virtualKeyId) ?? 0) + row.cost);
    }
    if (this.rows.length > this.maxQueued) {
      const excess = this.rows.length - this.maxQueued;
      this.rows.splice(0, excess);
      this.dropped += excess;
    }
    if (this.rows.length >= this.batchSize) void this.flush();
  }

  /** Spend recorded for a key but not yet in the database. */
  unflushedSpend(virtualKeyId: string): number {
    return this.pendingSpend.get(virtualKeyId) ?? 0;
  }

  /** Writes everything queued so far; resolves when it is in the database. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.rows.length === 0 && this.pendingSpend.size === 0) return;
    this.flushing = this.writeBatch().finally(() => {
      this.flushing = undefined;
    });
    await this.flushing;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  private async writeBatch(): Promise<void> {
    const rows = this.rows;
    const spend = [...this.pendingSpend.entries()];
    this.rows = [];
    this.pendingSpend.clear();
    try {
      await this.options.sequelize.transaction(async (transaction) => {
        if (rows.length > 0) await RequestLogRecord.bulkCreate(rows, { transaction });
        for (const [id, amount] of spend) {
          await VirtualKeyRecord.increment({ spend: amount }, { where: { id }, transaction });
        }
      });
      if (this.dropped > 0) {
        this.options.logger.error({ dropped: this.dropped }, 'request log rows were dropped while the database was unavailable');
        this.dropped = 0;
      }
    } catch (error) {
      this.options.logger.error({ err: error, rows: rows.length }, 'writing request logs failed; will retry');
      this.rows = rows.concat(this.rows);
      for (const [id, amount] of spend) this.pendingSpend.set(id, (this.pendingSpend.get(id) ?? 0) + amount);
    }
  }
}
