/**
 * Deletes raw request-log rows older than a cutoff in small batches (ids first, then a DELETE by id,
 * which both SQLite and MariaDB run the same way), yielding between batches so the log writer's
 * transactions never wait long. Rollups are not touched: analytics outlive the raw rows. Rows not yet
 * folded into the rollups (SQLite, see usage-rollup-writer.ts) are kept until they are.
 */
import { QueryTypes, type Sequelize } from 'sequelize';
import { sqlLiteral } from './insert-rows.ts';
import { foldedRowsOnly } from './usage-rollup-sqlite.ts';

export class RequestLogPurger {
  private readonly literal: (value: unknown) => string;

  constructor(
    private readonly sequelize: Sequelize,
    private readonly batchSize = 1000,
  ) {
    this.literal = sqlLiteral(sequelize.getDialect());
  }

  /** Deletes every row created before `cutoff`; returns how many. Stops early when `signal` aborts. */
  async purgeBefore(cutoff: Date, signal?: AbortSignal): Promise<number> {
    let deleted = 0;
    while (!signal?.aborted) {
      const rows = await this.sequelize.query<{ id: number | string }>(
        `SELECT id FROM request_logs WHERE created_at < ${this.literal(cutoff)} AND ${foldedRowsOnly(this.sequelize.getDialect())} ORDER BY id LIMIT ${this.batchSize}`,
        { type: QueryTypes.SELECT, raw: true },
      );
      if (rows.length === 0) break;
      await this.sequelize.query(`DELETE FROM request_logs WHERE id IN (${rows.map((row) => Number(row.id)).join(',')})`, { type: QueryTypes.DELETE, raw: true });
      deleted += rows.length;
      if (rows.length < this.batchSize) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    return deleted;
  }
}
