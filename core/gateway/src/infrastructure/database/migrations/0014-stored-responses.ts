/**
 * `stored_responses`: Responses kept for the Responses API (`store: true`), by id, with the virtual key
 * that created them (the only key that sees them) and their creation time (the retention purges by it).
 * The input items and the Response are JSON text; LONGTEXT on MariaDB, since TEXT stops at 64 KiB.
 */
import { DataTypes, type QueryInterface } from 'sequelize';

export async function up({ context: queryInterface }: { context: QueryInterface }): Promise<void> {
  // SQLite's TEXT has no length (and Sequelize warns at an option it ignores).
  const longText = queryInterface.sequelize.getDialect() === 'sqlite' ? DataTypes.TEXT : DataTypes.TEXT('long');
  await queryInterface.createTable('stored_responses', {
    id: { type: DataTypes.STRING(64), primaryKey: true, allowNull: false },
    virtual_key_id: { type: DataTypes.STRING(36), allowNull: false },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
    input_items: { type: longText, allowNull: false },
    response: { type: longText, allowNull: false },
  });
  await queryInterface.addIndex('stored_responses', ['created_at'], { name: 'stored_responses_created_at' });
}

export async function down({ context: queryInterface }: { context: QueryInterface }): Promise<void> {
  await queryInterface.dropTable('stored_responses');
}
