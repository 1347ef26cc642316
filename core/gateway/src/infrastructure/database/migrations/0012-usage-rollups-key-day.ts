/**
 * usage_rollups_key_day: the rollups' sums per day, virtual key and key group, and nothing else. Usage
 * by key or key group (no other dimension, whole days) read usage_rollups, which has a row per hour,
 * model, deployment, status class… and key: with many keys nearly a row per request, 1.9 s for 30 days
 * of a million requests. Filled from usage_rollups (SQLite: rows the writer has not folded yet are
 * folded into every table later, this one too).
 */
import { DataTypes, type QueryInterface } from 'sequelize';
import { latencyBucketCount } from '../../../domain/latency-histogram.ts';

const counter = () => ({ type: DataTypes.BIGINT, allowNull: false, defaultValue: 0 });
const key = (length: number) => ({ type: DataTypes.STRING(length), allowNull: false, defaultValue: '', primaryKey: true });
const histogram = Array.from({ length: latencyBucketCount }, (_, index) => `lat_${index}`);
const summed = ['requests', 'errors', 'prompt_tokens', 'completion_tokens', 'cached_tokens', 'cost', 'latency_ms_sum', 'audio_seconds', 'characters', 'cache_hits', ...histogram];

export async function up({ context: queryInterface }: { context: QueryInterface }): Promise<void> {
  await queryInterface.createTable('usage_rollups_key_day', {
    bucket_day: key(10),
    virtual_key_id: key(36),
    key_group_id: key(36),
    requests: counter(),
    errors: counter(),
    prompt_tokens: counter(),
    completion_tokens: counter(),
    cached_tokens: counter(),
    // Nano-dollars.
    cost: counter(),
    latency_ms_sum: counter(),
    audio_seconds: { type: DataTypes.DOUBLE, allowNull: false, defaultValue: 0 },
    characters: counter(),
    cache_hits: counter(),
    ...Object.fromEntries(histogram.map((column) => [column, counter()])),
  });
  await queryInterface.sequelize.query(
    `INSERT INTO usage_rollups_key_day (bucket_day, virtual_key_id, key_group_id, ${summed.join(', ')}) ` +
      `SELECT bucket_day, virtual_key_id, key_group_id, ${summed.map((column) => `SUM(${column})`).join(', ')} FROM usage_rollups GROUP BY bucket_day, virtual_key_id, key_group_id`,
  );
}

export async function down({ context: queryInterface }: { context: QueryInterface }): Promise<void> {
  await queryInterface.dropTable('usage_rollups_key_day');
}
