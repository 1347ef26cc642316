/**
 * What audio and realtime need in the tables: what a key may do (`permissions`, null = everything) and
 * how many realtime sessions it may hold (`max_realtime_sessions`, null = the setting's default); the
 * audio a request used (`audio_seconds`, `characters`) in the request log; and the prices audio is billed
 * by — per 1M characters spoken, per 1M audio tokens (cached input apart), per minute of a session.
 * `tts_per_thousand_chars` (never charged, refused since 0004) becomes `speech_per_million_characters`.
 */
import { DataTypes, type QueryInterface } from 'sequelize';

const price = () => ({ type: DataTypes.DOUBLE, allowNull: true });
const newPrices = [
  'speech_per_million_characters',
  'audio_input_per_million',
  'audio_output_per_million',
  'cached_audio_input_per_million',
  'session_per_minute',
] as const;

export async function up({ context: queryInterface }: { context: QueryInterface }): Promise<void> {
  await queryInterface.addColumn('virtual_keys', 'permissions', { type: DataTypes.TEXT, allowNull: true });
  await queryInterface.addColumn('virtual_keys', 'max_realtime_sessions', { type: DataTypes.INTEGER, allowNull: true });
  await queryInterface.addColumn('request_logs', 'audio_seconds', { type: DataTypes.DOUBLE, allowNull: true });
  await queryInterface.addColumn('request_logs', 'characters', { type: DataTypes.INTEGER, allowNull: true });
  for (const column of newPrices) await queryInterface.addColumn('model_costs', column, price());
  await queryInterface.sequelize.query(
    'UPDATE model_costs SET speech_per_million_characters = tts_per_thousand_chars * 1000 WHERE tts_per_thousand_chars IS NOT NULL',
  );
  await queryInterface.removeColumn('model_costs', 'tts_per_thousand_chars');
}

export async function down({ context: queryInterface }: { context: QueryInterface }): Promise<void> {
  await queryInterface.addColumn('model_costs', 'tts_per_thousand_chars', price());
  await queryInterface.sequelize.query(
    'UPDATE model_costs SET tts_per_thousand_chars = speech_per_million_characters / 1000 WHERE speech_per_million_characters IS NOT NULL',
  );
  for (const column of newPrices) await queryInterface.removeColumn('model_costs', column);
  await queryInterface.removeColumn('request_logs', 'characters');
  await queryInterface.removeColumn('request_logs', 'audio_seconds');
  await queryInterface.removeColumn('virtual_keys', 'max_realtime_sessions');
  await queryInterface.removeColumn('virtual_keys', 'permissions');
}
