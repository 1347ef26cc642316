/**
 * Folds request-log rows into the hourly rollups (usage-rollup-tables.ts), so the rollups always
 * equal the raw log.
 *
 * MariaDB: every batch is summed in memory (RollupSums) and added with one upsert per few hundred
 * sums, in the batch's transaction; the key group is the key's group when the batch is written.
 *
 * SQLite: the rollups live in a file of their own, attached to every connection as `rollups`
 * (open-database.ts), and hold the raw rows up to a watermark kept in that file
 * (usage-rollup-sqlite.ts). SQLite lets one connection write a file at a time: folding in the
 * writer's transaction made every batch wait for its fold. Here the writer only writes raw rows; once
 * a batch committed, a fold runs beside it, on a connection of its own: it reads the raw rows past
 * the watermark (a reader never waits for the writer) and adds them to the rollups, moving the
 * watermark in the same transaction of the rollup file, so that rows are counted in the rollups
 * exactly when their id is at most the watermark. Rows past it wait in the raw log meanwhile, where
 * analytics and the purge count them. Another process's folder takes the rollup file's write lock in
 * turn and starts from the watermark it finds. The key group is the key's group when the rows are
 * folded (within moments of their write).
 */
import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type { Logger } from '../../ports/logger.ts';
import { RollupSums } from './usage-rollup-sums.ts';
import { sqliteFoldOf, watermark } from './usage-rollup-sqlite.ts';
import { rollupTables, type RollupSourceRow } from './usage-rollup-tables.ts';

/** After a failed fold, the next try (the rows wait in the raw log meanwhile). */
const retryMs = 1_000;
/**
 * Between folds, at least: a fold of many batches writes each rollup page it touches once, where
 * one fold per batch wrote it again for every batch (and took the CPU the writer needs).
 */
const foldIntervalMs = 250;

export class UsageRollupWriter {
  private readonly sqlite: boolean;
  /** SQLite: rows were committed since the running fold began (or nothing runs yet). */
  private wanted = false;
  private running: Promise<void> | undefined;
  private retry: NodeJS.Timeout | undefined;
  /** settle() waits: fold again at once rather than after the interval. */
  private settling = false;
  /** Ends the pause between folds early (settle). */
  private wake: (() => void) | undefined;

  constructor(
    private readonly sequelize: Sequelize,
    private readonly logger?: Pick<Logger, 'warn'>,
  ) {
    this.sqlite = sequelize.getDialect() === 'sqlite';
  }

  /** SQLite: a fold is running or due (MariaDB folds in the batch's transaction: never). */
  get pending(): boolean {
    return this.sqlite && (this.wanted || this.running !== undefined || this.retry !== undefined);
  }

  /** Adds `rows`, just inserted into request_logs in `transaction`, to the rollups. */
  async add(rows: readonly RollupSourceRow[], transaction: Transaction): Promise<void> {
    if (rows.length === 0) return;
    if (this.sqlite) {
      transaction.afterCommit(() => this.schedule());
      return;
    }
    const sums = new RollupSums(rollupTables);
    sums.add(rows);
    const groups = await this.keyGroups(sums.keyIds(), transaction);
    for (const statement of sums.statements(this.sequelize.getDialect(), groups)) {
      await this.sequelize.query(statement, { transaction, type: QueryTypes.INSERT, raw: true });
    }
  }

  /** SQLite: folds whatever waits (also rows another writer, or an earlier run, left) and resolves when done. */
  async settle(): Promise<void> {
    if (!this.sqlite) return;
    clearTimeout(this.retry);
    this.retry = undefined;
    this.settling = true;
    this.wake?.();
    try {
      this.schedule();
      while (this.running) await this.running;
    } finally {
      this.settling = false;
    }
  }

  /** The interval between folds; the timer does not keep the process alive (settle() ends it early). */
  private pause(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.wake?.(), foldIntervalMs).unref();
      this.wake = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
    });
  }

  private schedule(): void {
    this.wanted = true;
    this.running ??= this.foldWhileWanted().finally(() => {
      this.running = undefined;
    });
  }

  private async foldWhileWanted(): Promise<void> {
    while (this.wanted) {
      this.wanted = false;
      try {
        await this.fold();
        if (!this.settling) await this.pause();
      } catch (error) {
        this.logger?.warn({ err: error }, 'folding request logs into the usage rollups failed; trying again');
        clearTimeout(this.retry);
        this.retry = setTimeout(() => {
          this.retry = undefined;
          this.schedule();
        }, retryMs).unref();
        return;
      }
    }
  }

  /** One transaction of the rollup file: the rows past the watermark into every table, and the watermark after them. */
  private async fold(): Promise<void> {
    await this.sequelize.transaction(async (transaction) => {
      const run = (sql: string) => this.sequelize.query(sql, { transaction, type: QueryTypes.UPDATE, raw: true });
      // The rollup file's write lock first: another folder waits here, and reads the watermark after this one's.
      await run(`UPDATE ${watermark} SET through_id = through_id`);
      // Every read of the raw log in one transaction sees the same rows: the folds and MAX(id) agree.
      for (const table of rollupTables) await run(sqliteFoldOf(table));
      await run(`UPDATE ${watermark} SET through_id = MAX(through_id, COALESCE((SELECT MAX(id) FROM request_logs), 0))`);
    });
  }

  private async keyGroups(ids: readonly string[], transaction: Transaction): Promise<Map<string, string>> {
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
}
