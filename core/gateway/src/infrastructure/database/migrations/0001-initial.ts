/** The first schema: providers, deployments, prices, virtual keys, request logs, settings. */
import { DataTypes, type QueryInterface } from 'sequelize';

// Fresh objects per column: Sequelize may write into column definitions.
const id = () => ({ type: DataTypes.STRING(36), primaryKey: true, allowNull: false });
const timestamps = () => ({
  created_at: { type: DataTypes.DATE(3), allowNull: false },
  updated_at: { type: DataTypes.DATE(3), allowNull: false },
});
const price = () => ({ type: DataTypes.DOUBLE, allowNull: true });
const optionalInt = () => ({ type: DataTypes.INTEGER, allowNull: true });

export async function up({ context: queryInterface }: { context: QueryInterface }): Promise<void> {
  await queryInterface.createTable('providers', {
    id: id(),
    name: { type: DataTypes.STRING(100), allowNull: false, unique: true },
    type: { type: DataTypes.STRING(64), allowNull: false },
    base_url: { type: DataTypes.STRING(2048), allowNull: true },
    credentials_encrypted: { type: DataTypes.TEXT, allowNull: true },
    options: { type: DataTypes.TEXT, allowNull: true },
    enabled: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
    ...timestamps(),
  });

  await queryInterface.createTable('model_deployments', {
    id: id(),
    model_name: { type: DataTypes.STRING(255), allowNull: false },
    provider_id: {
      type: DataTypes.STRING(36),
      allowNull: false,
      references: { model: 'providers', key: 'id' },
      onDelete: 'CASCADE',
    },
    provider_model: { type: DataTypes.STRING(255), allowNull: false },
    weight: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 1 },
    priority: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    enabled: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
    capabilities: { type: DataTypes.TEXT, allowNull: true },
    timeouts: { type: DataTypes.TEXT, allowNull: true },
    cache_ttl_seconds: optionalInt(),
    ...timestamps(),
  });
  await queryInterface.addIndex('model_deployments', ['model_name'], { name: 'model_deployments_model_name' });

  await queryInterface.createTable('model_costs', {
    id: id(),
    model: { type: DataTypes.STRING(255), allowNull: false, unique: true },
    input_per_million: { type: DataTypes.DOUBLE, allowNull: false, defaultValue: 0 },
    output_per_million: { type: DataTypes.DOUBLE, allowNull: false, defaultValue: 0 },
    cached_input_per_million: price(),
    cache_write_per_million: price(),
    per_image: price(),
    audio_input_per_minute: price(),
    audio_output_per_minute: price(),
    tts_per_thousand_chars: price(),
    batch_multiplier: price(),
    ...timestamps(),
  });

  await queryInterface.createTable('virtual_keys', {
    id: id(),
    name: { type: DataTypes.STRING(255), allowNull: false },
    key_hash: { type: DataTypes.STRING(64), allowNull: false, unique: true },
    key_prefix: { type: DataTypes.STRING(16), allowNull: false },
    allowed_models: { type: DataTypes.TEXT, allowNull: true },
    expires_at: { type: DataTypes.DATE(3), allowNull: true },
    enabled: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
    metadata: { type: DataTypes.TEXT, allowNull: true },
    spend: { type: DataTypes.DOUBLE, allowNull: false, defaultValue: 0 },
    last_used_at: { type: DataTypes.DATE(3), allowNull: true },
    ...timestamps(),
  });

  await queryInterface.createTable('request_logs', {
    id: { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true, allowNull: false },
    request_id: { type: DataTypes.STRING(64), allowNull: false },
    virtual_key_id: { type: DataTypes.STRING(36), allowNull: true },
    endpoint: { type: DataTypes.STRING(64), allowNull: false },
    model: { type: DataTypes.STRING(255), allowNull: true },
    provider_id: { type: DataTypes.STRING(36), allowNull: true },
    provider_model: { type: DataTypes.STRING(255), allowNull: true },
    deployment_id: { type: DataTypes.STRING(36), allowNull: true },
    stream: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    status: { type: DataTypes.INTEGER, allowNull: false },
    error_code: { type: DataTypes.STRING(64), allowNull: true },
    error_message: { type: DataTypes.STRING(1000), allowNull: true },
    prompt_tokens: optionalInt(),
    completion_tokens: optionalInt(),
    cached_tokens: optionalInt(),
    total_tokens: optionalInt(),
    usage_estimated: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    cost: { type: DataTypes.DOUBLE, allowNull: false, defaultValue: 0 },
    unpriced: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    latency_ms: { type: DataTypes.INTEGER, allowNull: false },
    first_byte_ms: optionalInt(),
    attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 1 },
    client_ip: { type: DataTypes.STRING(64), allowNull: true },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await queryInterface.addIndex('request_logs', ['created_at'], { name: 'request_logs_created_at' });
  await queryInterface.addIndex('request_logs', ['virtual_key_id', 'created_at'], { name: 'request_logs_key_created_at' });

  await queryInterface.createTable('global_settings', {
    key: { type: DataTypes.STRING(128), primaryKey: true, allowNull: false },
    value: { type: DataTypes.TEXT, allowNull: true },
    updated_at: { type: DataTypes.DATE(3), allowNull: false },
  });
}

export async function down({ context: queryInterface }: { context: QueryInterface }): Promise<void> {
  for (const table of ['global_settings', 'request_logs', 'virtual_keys', 'model_costs', 'model_deployments', 'providers']) {
    await queryInterface.dropTable(table);
  }
}
