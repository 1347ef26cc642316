/**
 * Which probe a stored health check ran: NULL for the liveness probe (every row before this
 * migration), `audio-speech` or `audio-transcription` for the opt-in audio health checks.
 */
import { DataTypes, type QueryInterface } from 'sequelize';

export async function up({ context: queryInterface }: { context: QueryInterface }): Promise<void> {
  await queryInterface.addColumn('provider_health', 'probe', { type: DataTypes.STRING(32), allowNull: true });
}

export async function down({ context: queryInterface }: { context: QueryInterface }): Promise<void> {
  await queryInterface.removeColumn('provider_health', 'probe');
}
