/** `model_deployments.options`: settings of a deployment for its plugin kinds (audio: `voiceMap`, `defaultVoice`), JSON. */
import { DataTypes, type QueryInterface } from 'sequelize';

export async function up({ context: queryInterface }: { context: QueryInterface }): Promise<void> {
  await queryInterface.addColumn('model_deployments', 'options', { type: DataTypes.TEXT, allowNull: true });
}

export async function down({ context: queryInterface }: { context: QueryInterface }): Promise<void> {
  await queryInterface.removeColumn('model_deployments', 'options');
}
