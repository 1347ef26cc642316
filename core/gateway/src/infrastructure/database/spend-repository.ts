/**
 * Spend per key or group and period in the database (`spend_periods`). Writes add to a row and bump
 * its version in one statement per batch; the versions read back in the same transaction tell the
 * counters which writes a snapshot already holds.
 */
import { Op, QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { type SpendScopeKind } from '../../domain/spend-scope.ts';
import type { DatabaseModels } from './models/define-models.ts';

export interface SpendIncrement {
  kind: SpendScopeKind;
  id: string;
  periodKey: string;
  /** Nano-dollars. */
  amount: number;
}

export const spendRowKey = (kind: SpendScopeKind, id: string, periodKey: string): string => `${kind}|${id}|${periodKey}`;

const chunkSize = 200;

export class SpendRepository {
  constructor(
    private readonly models: DatabaseModels,
    private readonly sequelize: Sequelize,
  ) {}

  async read(kind: SpendScopeKind, id: string, periodKey: string): Promise<{ spendNanos: number; version: number }> {
    const record = await this.models.SpendPeriodRecord.findOne({ where: { scopeKind: kind, scopeId: id, periodKey } });
    return record ? { spendNanos: record.spendNanos, version: Number(record.version) } : { spendNanos: 0, version: 0 };
  }

  /** The spend of several rows in one read per 200 of them, by spendRowKey (absent rows are 0). */
  async readMany(rows: ReadonlyArray<{ kind: SpendScopeKind; id: string; periodKey: string }>): Promise<Map<string, number>> {
    const spends = new Map<string, number>();
    for (let start = 0; start < rows.length; start += chunkSize) {
      const chunk = rows.slice(start, start + chunkSize);
      const records = await this.models.SpendPeriodRecord.findAll({
        where: { [Op.or]: chunk.map((row) => ({ scopeKind: row.kind, scopeId: row.id, periodKey: row.periodKey })) },
      });
      for (const record of records) spends.set(spendRowKey(record.scopeKind, record.scopeId, record.periodKey), record.spendNanos);
    }
    return spends;
  }

  /** Adds the amounts within `transaction`; returns each row's version after the write, by spendRowKey. */
  async add(increments: readonly SpendIncrement[], transaction: Transaction): Promise<Map<string, number>> {
    const versions = new Map<string, number>();
    // One order for every writer, so concurrent instances lock rows in the same order.
    const sorted = [...increments].sort((a, b) => spendRowKey(a.kind, a.id, a.periodKey).localeCompare(spendRowKey(b.kind, b.id, b.periodKey)));
    const mysql = this.sequelize.getDialect() !== 'sqlite';
    for (let start = 0; start < sorted.length; start += chunkSize) {
      const chunk = sorted.slice(start, start + chunkSize);
      const values = chunk.map(() => '(?, ?, ?, ?, 1)').join(', ');
      const conflict = mysql
        ? 'ON DUPLICATE KEY UPDATE spend_nanos = spend_nanos + VALUES(spend_nanos), version = version + 1'
        : 'ON CONFLICT (scope_kind, scope_id, period_key) DO UPDATE SET spend_nanos = spend_nanos + excluded.spend_nanos, version = version + 1';
      await this.sequelize.query(`INSERT INTO spend_periods (scope_kind, scope_id, period_key, spend_nanos, version) VALUES ${values} ${conflict}`, {
        replacements: chunk.flatMap((increment) => [increment.kind, increment.id, increment.periodKey, increment.amount]),
        transaction,
      });
      const where = chunk.map(() => '(scope_kind = ? AND scope_id = ? AND period_key = ?)').join(' OR ');
      const rows = await this.sequelize.query<{ scope_kind: SpendScopeKind; scope_id: string; period_key: string; version: number | string }>(
        `SELECT scope_kind, scope_id, period_key, version FROM spend_periods WHERE ${where}`,
        { replacements: chunk.flatMap((increment) => [increment.kind, increment.id, increment.periodKey]), transaction, type: QueryTypes.SELECT },
      );
      for (const row of rows) versions.set(spendRowKey(row.scope_kind, row.scope_id, row.period_key), Number(row.version));
    }
    return versions;
  }
}
