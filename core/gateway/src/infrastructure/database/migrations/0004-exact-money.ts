/**
 * Money as whole nano-dollars (see domain/money.ts): request costs, spend (lifetime and per period)
 * and budgets move from DOUBLE USD columns to BIGINT nano-dollar columns, each value rounded to the
 * nearest nano-dollar once, here. Prices stay as entered (USD per million tokens): they are rates,
 * turned into integer units when a cost is computed.
 */
import { DataTypes, type QueryInterface } from 'sequelize';

const conversions = [
  { table: 'request_logs', from: 'cost', to: 'cost_nanos', nullable: false },
  { table: 'spend_periods', from: 'spend', to: 'spend_nanos', nullable: false },
  { table: 'virtual_keys', from: 'spend', to: 'spend_nanos', nullable: false },
  { table: 'virtual_keys', from: 'max_budget', to: 'max_budget_nanos', nullable: true },
  { table: 'key_groups', from: 'max_budget', to: 'max_budget_nanos', nullable: true },
] as const;

function integerCast(queryInterface: QueryInterface, expression: string): string {
  return queryInterface.sequelize.getDialect() === 'sqlite' ? `CAST(${expression} AS INTEGER)` : `CAST(${expression} AS SIGNED)`;
}

export async function up({ context: queryInterface }: { context: QueryInterface }): Promise<void> {
  for (const { table, from, to, nullable } of conversions) {
    await queryInterface.addColumn(
      table,
      to,
      nullable ? { type: DataTypes.BIGINT, allowNull: true } : { type: DataTypes.BIGINT, allowNull: false, defaultValue: 0 },
    );
    await queryInterface.sequelize.query(
      `UPDATE ${table} SET ${to} = ${integerCast(queryInterface, `ROUND(${from} * 1000000000)`)} WHERE ${from} IS NOT NULL`,
    );
    // Native DROP COLUMN on both dialects (SQLite 3.35+): Sequelize's SQLite removeColumn rebuilds the table.
    await queryInterface.sequelize.query(`ALTER TABLE ${table} DROP COLUMN ${from}`);
  }
}

export async function down({ context: queryInterface }: { context: QueryInterface }): Promise<void> {
  for (const { table, from, to, nullable } of [...conversions].reverse()) {
    await queryInterface.addColumn(
      table,
      from,
      nullable ? { type: DataTypes.DOUBLE, allowNull: true } : { type: DataTypes.DOUBLE, allowNull: false, defaultValue: 0 },
    );
    await queryInterface.sequelize.query(`UPDATE ${table} SET ${from} = ${to} / 1000000000.0 WHERE ${to} IS NOT NULL`);
    await queryInterface.sequelize.query(`ALTER TABLE ${table} DROP COLUMN ${to}`);
  }
}
