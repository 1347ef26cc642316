import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { jsonColumn } from '../json-column.ts';

/** A client's key. Only its SHA-256 hash and a display prefix are stored. */
export class VirtualKeyRecord extends Model<InferAttributes<VirtualKeyRecord>, InferCreationAttributes<VirtualKeyRecord>> {
  declare id: CreationOptional<string>;
  declare name: string;
  declare keyHash: string;
  declare keyPrefix: string;
  /** Exact model names, or prefixes ending in `*`; null allows every model. */
  declare allowedModels: CreationOptional<string[] | null>;
  declare expiresAt: CreationOptional<Date | null>;
  declare enabled: CreationOptional<boolean>;
  declare metadata: CreationOptional<Record<string, unknown>>;
  /** Lifetime spend in USD. */
  declare spend: CreationOptional<number>;
  declare lastUsedAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initialize(sequelize: Sequelize): void {
    VirtualKeyRecord.init(
      {
        id: { type: DataTypes.STRING(36), primaryKey: true, defaultValue: DataTypes.UUIDV4 },
        name: { type: DataTypes.STRING(255), allowNull: false },
        keyHash: { type: DataTypes.STRING(64), allowNull: false, unique: true },
        keyPrefix: { type: DataTypes.STRING(16), allowNull: false },
        allowedModels: jsonColumn('allowedModels', null),
        expiresAt: { type: DataTypes.DATE(3), allowNull: true },
        enabled: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
        metadata: jsonColumn('metadata', {}),
        spend: { type: DataTypes.DOUBLE, allowNull: false, defaultValue: 0 },
        lastUsedAt: { type: DataTypes.DATE(3), allowNull: true },
        createdAt: DataTypes.DATE(3),
        updatedAt: DataTypes.DATE(3),
      },
      { sequelize, tableName: 'virtual_keys', underscored: true },
    );
  }
}
