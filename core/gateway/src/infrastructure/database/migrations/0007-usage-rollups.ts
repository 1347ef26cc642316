/**
 * Hourly usage rollups kept by the request-log writer in the same transaction as the raw rows: one row
 * per hour and combination of dimensions, with sums and a fixed-bucket latency histogram (lat_0…lat_13,
 * see domain/latency-histogram.ts) so percentiles merge across hours and instances. Dimensions that do
 * not apply are '' (not NULL) so the unique key holds. audio_seconds, characters and cache_hits are kept
 * for the endpoints that will report them.
 *
 * usage_rollups_model holds the same sums without the key dimensions (virtual key, key group): far
 * fewer rows when many keys share a model, so questions that do not ask about keys stay fast.
 */
import { DataTypes, type QueryInterface } from 'sequelize';
import { latencyBucketCount } from '../../../domain/latency-histogram.ts';

const dimension = (length: number) => ({ type: DataTypes.STRING(length), allowNull: false, defaultValue: '' });
const counter = () => ({ type: DataTypes.BIGINT, allowNull: false, defaultValue: 0 });

const measures = () => ({
  requests: counter(),
  errors: counter(),
  prompt_tokens: counter(),
  completion_tokens: counter(),
  cached_tokens: counter(),
  // Nano-dollars, exact like every amount of money the gateway keeps.
  cost: { type: DataTypes.BIGINT, allowNull: false, defaultValue: 0 },
  latency_ms_sum: counter(),
  audio_seconds: { type: DataTypes.DOUBLE, allowNull: false, defaultValue: 0 },
  characters: counter(),
  cache_hits: counter(),
  ...Object.fromEntries(Array.from({ length: latencyBucketCount }, (_, index) => [`lat_${index}`, counter()])),
});

export async function up({ context: queryInterface }: { context: QueryInterface }): Promise<void> {
  await queryInterface.createTable('usage_rollups', {
    id: { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true, allowNull: false },
    bucket_start: { type: DataTypes.DATE(3), allowNull: false },
    bucket_day: { type: DataTypes.STRING(10), allowNull: false },
    model: dimension(255),
    provider_id: dimension(36),
    deployment_id: dimension(36),
    virtual_key_id: dimension(36),
    key_group_id: dimension(36),
    endpoint: dimension(64),
    status_class: dimension(3),
    ...measures(),
  });
  await queryInterface.addIndex(
    'usage_rollups',
    ['bucket_start', 'model', 'provider_id', 'deployment_id', 'virtual_key_id', 'key_group_id', 'endpoint', 'status_class'],
    { name: 'usage_rollups_dimensions', unique: true },
  );
  await queryInterface.addIndex('usage_rollups', ['bucket_day'], { name: 'usage_rollups_day' });

  await queryInterface.createTable('usage_rollups_model', {
    id: { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true, allowNull: false },
    bucket_start: { type: DataTypes.DATE(3), allowNull: false },
    bucket_day: { type: DataTypes.STRING(10), allowNull: false },
    model: dimension(255),
    provider_id: dimension(36),
    deployment_id: dimension(36),
    endpoint: dimension(64),
    status_class: dimension(3),
    ...measures(),
  });
  await queryInterface.addIndex('usage_rollups_model', ['bucket_start', 'model', 'provider_id', 'deployment_id', 'endpoint', 'status_class'], {
    name: 'usage_rollups_model_dimensions',
    unique: true,
  });
  await queryInterface.addIndex('usage_rollups_model', ['bucket_day'], { name: 'usage_rollups_model_day' });
}

export async function down({ context: queryInterface }: { context: QueryInterface }): Promise<void> {
  await queryInterface.dropTable('usage_rollups_model');
  await queryInterface.dropTable('usage_rollups');
}
