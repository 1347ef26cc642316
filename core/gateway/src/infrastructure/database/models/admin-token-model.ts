import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import type { AdminRole } from '../../../domain/admin-identity.ts';

/** An admin token (`admin_tokens`): only its SHA-256 hash and a display prefix are stored. */
class AdminTokenRecord extends Model<InferAttributes<AdminTokenRecord>, InferCreationAttributes<AdminTokenRecord>> {
  declare id: string;
  declare name: string;
  declare role: AdminRole;
  declare tokenHash: string;
  declare tokenPrefix: string;
  declare expiresAt: Date | null;
  declare revokedAt: Date | null;
  /** The identity that created it (a token id, or "master"). */
  declare createdBy: string;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export type { AdminTokenRecord };

/** AdminTokenRecord's model class bound to one database (see define-models.ts). */
export function defineAdminTokenRecord(sequelize: Sequelize) {
  class BoundAdminTokenRecord extends AdminTokenRecord {}
  BoundAdminTokenRecord.init(
    {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      name: { type: DataTypes.STRING(255), allowNull: false },
      role: { type: DataTypes.STRING(16), allowNull: false },
      tokenHash: { type: DataTypes.STRING(64), allowNull: false, unique: true },
      tokenPrefix: { type: DataTypes.STRING(16), allowNull: false },
      expiresAt: { type: DataTypes.DATE(3), allowNull: true },
      revokedAt: { type: DataTypes.DATE(3), allowNull: true },
      createdBy: { type: DataTypes.STRING(36), allowNull: false },
      createdAt: DataTypes.DATE(3),
      updatedAt: DataTypes.DATE(3),
    },
    { sequelize, modelName: 'AdminTokenRecord', tableName: 'admin_tokens', underscored: true },
  );
  return BoundAdminTokenRecord;
}

