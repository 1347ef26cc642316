/** `model_costs.cache_write_1h_per_million`: prompt tokens written to a cache kept for an hour (Anthropic's 1h writes), priced apart. */
import { DataTypes, type QueryInterface } from 'sequelize';

export async function up({ context: queryInterface }: { context: QueryInterface }): Promise<void> {
  await queryInterface.addColumn('model_costs', 'cache_write_1h_per_million', { type: DataTypes.DOUBLE, allowNull: true });
}

export async function down({ context: queryInterface }: { context: QueryInterface }): Promise<void> {
  await queryInterface.removeColumn('model_costs', 'cache_write_1h_per_million');
}
