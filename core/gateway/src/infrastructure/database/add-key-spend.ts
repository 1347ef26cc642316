/**
 * Adds spend to virtual keys' lifetime totals (`virtual_keys.spend_nanos`), one UPDATE per 200 keys
 * with an amount per key, rather than one per key: with a few hundred keys in a batch the single-row
 * updates took about half of the request-log writer's time. updated_at is set as Sequelize's
 * `increment` set it. A key that has no row (deleted since) is skipped.
 */
import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { sqlLiteral, sqlString } from './insert-rows.ts';

const keysPerStatement = 200;

/** `amounts`: nano-dollars by key id. */
export async function addKeySpend(sequelize: Sequelize, amounts: ReadonlyMap<string, number>, transaction: Transaction): Promise<void> {
  if (amounts.size === 0) return;
  const literal = sqlLiteral(sequelize.getDialect());
  const string = sqlString(sequelize.getDialect());
  // One order for every writer, so concurrent instances lock rows in the same order.
  const sorted = [...amounts].sort(([a], [b]) => a.localeCompare(b));
  const now = literal(new Date());
  for (let start = 0; start < sorted.length; start += keysPerStatement) {
    const chunk = sorted.slice(start, start + keysPerStatement);
    const amountOf = chunk.map(([id, amount]) => `WHEN ${string(id)} THEN ${literal(amount)}`).join(' ');
    await sequelize.query(
      `UPDATE virtual_keys SET spend_nanos = spend_nanos + CASE id ${amountOf} END, updated_at = ${now} WHERE id IN (${chunk.map(([id]) => string(id)).join(',')})`,
      { transaction, type: QueryTypes.UPDATE, raw: true },
    );
  }
}
