/** The router's tables: its settings, fallback rules between models, and provider health history. */
import { DataTypes, type QueryInterface } from 'sequelize';

// Fresh objects per column: Sequelize may write into column definitions.
const int = (defaultValue: number) => ({ type: DataTypes.INTEGER, allowNull: false, defaultValue });
const optionalInt = () => ({ type: DataTypes.INTEGER, allowNull: true });
const timestamps = () => ({
  created_at: { type: DataTypes.DATE(3), allowNull: false },
  updated_at: { type: DataTypes.DATE(3), allowNull: false },
});

export async function up({ context: queryInterface }: { context: QueryInterface }): Promise<void> {
  // One row ('global'); absent until first saved, when the defaults apply.
  await queryInterface.createTable('router_settings', {
    id: { type: DataTypes.STRING(36), primaryKey: true, allowNull: false },
    default_strategy: { type: DataTypes.STRING(64), allowNull: false },
    model_strategies: { type: DataTypes.TEXT, allowNull: true },
    max_retries: int(0),
    retry_base_delay_ms: int(250),
    retry_max_delay_ms: int(10_000),
    breaker_enabled: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
    breaker_failure_threshold: int(5),
    breaker_error_rate: { type: DataTypes.DOUBLE, allowNull: false, defaultValue: 0.5 },
    breaker_min_requests: int(20),
    breaker_window_ms: int(60_000),
    breaker_cooldown_ms: int(30_000),
    health_check_interval_ms: int(30_000),
    health_check_timeout_ms: int(5_000),
    health_retention_hours: int(168),
    connect_timeout_ms: optionalInt(),
    first_byte_timeout_ms: optionalInt(),
    idle_timeout_ms: optionalInt(),
    ...timestamps(),
  });

  await queryInterface.createTable('fallback_rules', {
    id: { type: DataTypes.STRING(36), primaryKey: true, allowNull: false },
    model_name: { type: DataTypes.STRING(255), allowNull: false, unique: true },
    fallbacks: { type: DataTypes.TEXT, allowNull: false },
    ...timestamps(),
  });

  await queryInterface.createTable('provider_health', {
    id: { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true, allowNull: false },
    provider_id: {
      type: DataTypes.STRING(36),
      allowNull: false,
      references: { model: 'providers', key: 'id' },
      onDelete: 'CASCADE',
    },
    status: { type: DataTypes.STRING(16), allowNull: false },
    latency_ms: optionalInt(),
    error: { type: DataTypes.STRING(1000), allowNull: true },
    checked_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await queryInterface.addIndex('provider_health', ['provider_id', 'checked_at'], { name: 'provider_health_provider_checked_at' });
  await queryInterface.addIndex('provider_health', ['checked_at'], { name: 'provider_health_checked_at' });
}

export async function down({ context: queryInterface }: { context: QueryInterface }): Promise<void> {
  for (const table of ['provider_health', 'fallback_rules', 'router_settings']) {
    await queryInterface.dropTable(table);
  }
}
