/**
 * Folds request-log rows into the hourly rollups (usage-rollup-tables.ts), inside the writer's
 * transactions, so the rollups always equal the raw log.
 *
 * MariaDB: every batch is summed in memory (RollupSums) and added with one upsert per few hundred
 * sums, in the batch's transaction; the key group is the key's group when the batch is written.
 *
 * SQLite: the rollups hold the raw rows up to a watermark (usage-rollup-sqlite.ts). While the writer
 * is behind (its batches are full), batches are not folded one by one: up to `deferredRowsLimit` rows
 * wait in the raw log and are folded together, in the transaction of a later batch. A fold writes a
 * rollup row per hour and combination of dimensions it touches, scattered over the table: folding
 * ten batches at once writes each touched page once instead of up to ten times. The writer keeps the
 * waiting rows' sums in memory, and a fold writes those, as on MariaDB, when they are exactly the rows
 * past the watermark: written by this writer, in transactions that committed, with no other writer's
 * rows between. Otherwise (after a start, a failed transaction, another writer) the fold sums the
 * rows past the watermark in SQL. The key group is the key's group when the rows are folded (within
 * seconds of their write).
 */
import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { RollupSums } from './usage-rollup-sums.ts';
import { sqliteFoldOf, watermark } from './usage-rollup-sqlite.ts';
import { rollupTables, type RollupSourceRow, type RollupTable } from './usage-rollup-tables.ts';

/** SQLite: the tables a fold adds sums held in memory to; the others it folds in SQL. */
const summedInMemory = rollupTables.filter((table) => !table.sqliteFoldsInSql);
const foldedInSql = rollupTables.filter((table) => table.sqliteFoldsInSql);

/** SQLite: raw rows left unfolded while the writer is behind, at most (the analytics read them raw). */
const deferredRowsLimit = 20_000;

/** SQLite: the rows this writer wrote since its last fold. */
interface Unfolded {
  rows: number;
  /** The last request-log id written (through the last fold, when `rows` is 0). */
  lastId: number;
  /** The rows' sums, while they are the rows after the last fold with no others between; else undefined. */
  sums: RollupSums | undefined;
}

export class UsageRollupWriter {
  private readonly sqlite: boolean;
  /** SQLite: unknown (fold whatever waits, at once) after a start or a transaction that did not commit. */
  private unfolded: Unfolded | undefined;
  /** SQLite: a transaction changed `unfolded` and has not committed. */
  private uncommitted = false;

  constructor(private readonly sequelize: Sequelize) {
    this.sqlite = sequelize.getDialect() === 'sqlite';
  }

  /** Whether rows written are waiting to be folded (SQLite, after batches written while behind). */
  get pending(): boolean {
    return this.sqlite && this.unfolded?.rows !== 0;
  }

  /**
   * Adds `rows`, just inserted into request_logs in `transaction`, to the rollups. `behind`: the writer
   * has more rows waiting (SQLite may then leave them to a later fold).
   */
  async add(rows: readonly RollupSourceRow[], transaction: Transaction, options: { behind?: boolean } = {}): Promise<void> {
    if (!this.sqlite) {
      if (rows.length === 0) return;
      const sums = new RollupSums(rollupTables);
      sums.add(rows);
      await this.write(sums, transaction);
      return;
    }
    if (this.uncommitted) this.unfolded = undefined;
    if (rows.length === 0 && this.unfolded?.rows === 0) return;
    this.uncommitted = true;
    transaction.afterCommit(() => {
      this.uncommitted = false;
    });
    const [state] = await this.sequelize.query<{ folded: number; last: number | null }>(
      `SELECT through_id AS folded, (SELECT MAX(id) FROM request_logs) AS last FROM ${watermark}`,
      { transaction, type: QueryTypes.SELECT },
    );
    const folded = Number(state!.folded);
    const last = Number(state!.last ?? 0);
    const unfolded = this.unfolded;
    if (unfolded && rows.length > 0) {
      // One writer at a time holds SQLite's write lock: this batch's ids run up to `last`, with no gap.
      if (unfolded.sums && last - rows.length === unfolded.lastId) unfolded.sums.add(rows);
      else unfolded.sums = undefined;
      unfolded.rows += rows.length;
      unfolded.lastId = last;
      if (options.behind && unfolded.rows < deferredRowsLimit) return;
    }
    if (unfolded?.sums && folded === unfolded.lastId - unfolded.rows && last === unfolded.lastId) {
      await this.foldInSql(foldedInSql, transaction);
      await this.write(unfolded.sums, transaction);
    } else {
      await this.foldInSql(rollupTables, transaction);
    }
    await this.sequelize.query(`UPDATE ${watermark} SET through_id = ${last}`, { transaction, type: QueryTypes.UPDATE, raw: true });
    transaction.afterCommit(() => {
      this.unfolded = { rows: 0, lastId: last, sums: new RollupSums(summedInMemory) };
    });
  }

  private async foldInSql(tables: readonly RollupTable[], transaction: Transaction): Promise<void> {
    for (const table of tables) await this.sequelize.query(sqliteFoldOf(table), { transaction, type: QueryTypes.INSERT, raw: true });
  }

  private async write(sums: RollupSums, transaction: Transaction): Promise<void> {
    const groups = await this.keyGroups(sums.keyIds(), transaction);
    for (const statement of sums.statements(this.sequelize.getDialect(), groups)) {
      await this.sequelize.query(statement, { transaction, type: QueryTypes.INSERT, raw: true });
    }
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
