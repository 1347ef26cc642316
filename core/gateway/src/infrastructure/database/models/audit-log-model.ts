import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { jsonColumn } from '../json-column.ts';

/** One admin mutation that succeeded (`audit_log`): who, what, which record, which fields (secrets as "set"). */
class AuditLogRecord extends Model<InferAttributes<AuditLogRecord>, InferCreationAttributes<AuditLogRecord>> {
  declare id: CreationOptional<number>;
  declare actorId: string;
  declare actorName: string;
  declare actorRole: string;
  declare mutation: string;
  declare entity: string;
  declare entityId: string | null;
  declare action: string;
  declare fields: Record<string, unknown>;
  declare clientIp: string | null;
  declare createdAt: Date;
}

export type { AuditLogRecord };

/** AuditLogRecord's model class bound to one database (see define-models.ts). */
export function defineAuditLogRecord(sequelize: Sequelize) {
  class BoundAuditLogRecord extends AuditLogRecord {}
  BoundAuditLogRecord.init(
    {
      id: { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true },
      actorId: { type: DataTypes.STRING(36), allowNull: false },
      actorName: { type: DataTypes.STRING(255), allowNull: false },
      actorRole: { type: DataTypes.STRING(16), allowNull: false },
      mutation: { type: DataTypes.STRING(64), allowNull: false },
      entity: { type: DataTypes.STRING(64), allowNull: false },
      entityId: { type: DataTypes.STRING(64), allowNull: true },
      action: { type: DataTypes.STRING(16), allowNull: false },
      fields: jsonColumn<Record<string, unknown>>('fields', {}),
      clientIp: { type: DataTypes.STRING(64), allowNull: true },
      createdAt: { type: DataTypes.DATE(3), allowNull: false },
    },
    { sequelize, modelName: 'AuditLogRecord', tableName: 'audit_log', underscored: true, updatedAt: false },
  );
  return BoundAuditLogRecord;
}

