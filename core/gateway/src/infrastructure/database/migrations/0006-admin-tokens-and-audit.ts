/** Admin tokens with a role (stored as a hash, like virtual keys) and the audit log of admin mutations. */
import { DataTypes, type QueryInterface } from 'sequelize';

export async function up({ context: queryInterface }: { context: QueryInterface }): Promise<void> {
  await queryInterface.createTable('admin_tokens', {
    id: { type: DataTypes.STRING(36), primaryKey: true, allowNull: false },
    name: { type: DataTypes.STRING(255), allowNull: false },
    role: { type: DataTypes.STRING(16), allowNull: false },
    token_hash: { type: DataTypes.STRING(64), allowNull: false, unique: true },
    token_prefix: { type: DataTypes.STRING(16), allowNull: false },
    expires_at: { type: DataTypes.DATE(3), allowNull: true },
    revoked_at: { type: DataTypes.DATE(3), allowNull: true },
    created_by: { type: DataTypes.STRING(36), allowNull: false },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
    updated_at: { type: DataTypes.DATE(3), allowNull: false },
  });

  await queryInterface.createTable('audit_log', {
    id: { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true, allowNull: false },
    actor_id: { type: DataTypes.STRING(36), allowNull: false },
    actor_name: { type: DataTypes.STRING(255), allowNull: false },
    actor_role: { type: DataTypes.STRING(16), allowNull: false },
    mutation: { type: DataTypes.STRING(64), allowNull: false },
    entity: { type: DataTypes.STRING(64), allowNull: false },
    entity_id: { type: DataTypes.STRING(64), allowNull: true },
    action: { type: DataTypes.STRING(16), allowNull: false },
    fields: { type: DataTypes.TEXT, allowNull: true },
    client_ip: { type: DataTypes.STRING(64), allowNull: true },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await queryInterface.addIndex('audit_log', ['entity', 'id'], { name: 'audit_log_entity' });
  await queryInterface.addIndex('audit_log', ['actor_id', 'id'], { name: 'audit_log_actor' });
}

export async function down({ context: queryInterface }: { context: QueryInterface }): Promise<void> {
  await queryInterface.dropTable('audit_log');
  await queryInterface.dropTable('admin_tokens');
}
