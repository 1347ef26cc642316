/** `request_logs.cache_hit`: the request was answered from the response cache (no provider call, no cost). */
import { DataTypes, type QueryInterface } from 'sequelize';

export async function up({ context: queryInterface }: { context: QueryInterface }): Promise<void> {
  await queryInterface.addColumn('request_logs', 'cache_hit', { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false });
}

export async function down({ context: queryInterface }: { context: QueryInterface }): Promise<void> {
  await queryInterface.removeColumn('request_logs', 'cache_hit');
}
