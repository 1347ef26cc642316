/**
 * Keys and limits: budgets and rate limits on keys, key groups, spend per period, IP filters,
 * notifications, and the output limit used to reserve budget for a model.
 */
import { DataTypes, type QueryInterface } from 'sequelize';

// Fresh objects per column: Sequelize may write into column definitions.
const id = () => ({ type: DataTypes.STRING(36), primaryKey: true, allowNull: false });
const optionalInt = () => ({ type: DataTypes.INTEGER, allowNull: true });
const limitColumns = () => ({
  max_budget: { type: DataTypes.DOUBLE, allowNull: true },
  budget_period: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'LIFETIME' },
  rpm: optionalInt(),
  rpd: optionalInt(),
  tpm: optionalInt(),
  max_parallel: optionalInt(),
});
const timestamps = () => ({
  created_at: { type: DataTypes.DATE(3), allowNull: false },
  updated_at: { type: DataTypes.DATE(3), allowNull: false },
});

export async function up({ context: queryInterface }: { context: QueryInterface }): Promise<void> {
  for (const [name, column] of Object.entries(limitColumns())) await queryInterface.addColumn('virtual_keys', name, column);
  await queryInterface.addColumn('virtual_keys', 'group_id', { type: DataTypes.STRING(36), allowNull: true });
  await queryInterface.addIndex('virtual_keys', ['group_id'], { name: 'virtual_keys_group_id' });

  await queryInterface.createTable('key_groups', {
    id: id(),
    name: { type: DataTypes.STRING(255), allowNull: false, unique: true },
    ...limitColumns(),
    metadata: { type: DataTypes.TEXT, allowNull: true },
    ...timestamps(),
  });

  await queryInterface.createTable('spend_periods', {
    scope_kind: { type: DataTypes.STRING(8), primaryKey: true, allowNull: false },
    scope_id: { type: DataTypes.STRING(36), primaryKey: true, allowNull: false },
    period_key: { type: DataTypes.STRING(16), primaryKey: true, allowNull: false },
    spend: { type: DataTypes.DOUBLE, allowNull: false, defaultValue: 0 },
    version: { type: DataTypes.BIGINT, allowNull: false, defaultValue: 0 },
  });
  // Lifetime spend recorded before this migration carries over.
  await queryInterface.sequelize.query(
    "INSERT INTO spend_periods (scope_kind, scope_id, period_key, spend, version) SELECT 'key', id, 'lifetime', spend, 1 FROM virtual_keys WHERE spend > 0",
  );

  await queryInterface.createTable('ip_filters', {
    id: id(),
    cidr: { type: DataTypes.STRING(64), allowNull: false },
    action: { type: DataTypes.STRING(8), allowNull: false },
    virtual_key_id: { type: DataTypes.STRING(36), allowNull: true },
    description: { type: DataTypes.STRING(255), allowNull: true },
    enabled: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
    ...timestamps(),
  });
  await queryInterface.addIndex('ip_filters', ['virtual_key_id'], { name: 'ip_filters_virtual_key_id' });

  await queryInterface.createTable('notifications', {
    id: id(),
    kind: { type: DataTypes.STRING(32), allowNull: false },
    severity: { type: DataTypes.STRING(16), allowNull: false },
    message: { type: DataTypes.STRING(1000), allowNull: false },
    virtual_key_id: { type: DataTypes.STRING(36), allowNull: true },
    key_group_id: { type: DataTypes.STRING(36), allowNull: true },
    data: { type: DataTypes.TEXT, allowNull: true },
    dedupe_key: { type: DataTypes.STRING(191), allowNull: false, unique: true },
    is_read: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    webhook_state: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'NONE' },
    webhook_attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    webhook_next_at: { type: DataTypes.DATE(3), allowNull: true },
    webhook_error: { type: DataTypes.STRING(1000), allowNull: true },
    webhook_delivered_at: { type: DataTypes.DATE(3), allowNull: true },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await queryInterface.addIndex('notifications', ['created_at'], { name: 'notifications_created_at' });
  await queryInterface.addIndex('notifications', ['webhook_state', 'webhook_next_at'], { name: 'notifications_webhook_queue' });

  await queryInterface.addColumn('model_costs', 'max_output_tokens', optionalInt());
}

export async function down({ context: queryInterface }: { context: QueryInterface }): Promise<void> {
  await queryInterface.removeColumn('model_costs', 'max_output_tokens');
  for (const table of ['notifications', 'ip_filters', 'spend_periods', 'key_groups']) await queryInterface.dropTable(table);
  await queryInterface.removeIndex('virtual_keys', 'virtual_keys_group_id');
  for (const column of ['group_id', 'max_parallel', 'tpm', 'rpd', 'rpm', 'budget_period', 'max_budget']) {
    await queryInterface.removeColumn('virtual_keys', column);
  }
}
