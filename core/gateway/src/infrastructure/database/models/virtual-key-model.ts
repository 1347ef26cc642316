import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import type { BudgetPeriod } from '../../../domain/budget-period.ts';
import { jsonColumn } from '../json-column.ts';
import { nanosColumn } from '../nanos-column.ts';

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
  /** Lifetime spend in nano-dollars. */
  declare spendNanos: CreationOptional<number>;
  /** Nano-dollars per budget period; null for no budget. */
  declare maxBudgetNanos: CreationOptional<number | null>;
  declare budgetPeriod: CreationOptional<BudgetPeriod>;
  declare rpm: CreationOptional<number | null>;
  declare rpd: CreationOptional<number | null>;
  declare tpm: CreationOptional<number | null>;
  declare maxParallel: CreationOptional<number | null>;
  declare groupId: CreationOptional<string | null>;
  /** What kinds of request the key may make (`CHAT`, `AUDIO_SPEECH`…); null: every kind. */
  declare permissions: CreationOptional<string[] | null>;
  /** Realtime sessions the key may hold at once; null: the setting's default. */
  declare maxRealtimeSessions: CreationOptional<number | null>;
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
        spendNanos: nanosColumn('spendNanos', false),
        maxBudgetNanos: nanosColumn('maxBudgetNanos', true),
        budgetPeriod: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'LIFETIME' },
        rpm: { type: DataTypes.INTEGER, allowNull: true },
        rpd: { type: DataTypes.INTEGER, allowNull: true },
        tpm: { type: DataTypes.INTEGER, allowNull: true },
        maxParallel: { type: DataTypes.INTEGER, allowNull: true },
        groupId: { type: DataTypes.STRING(36), allowNull: true },
        permissions: jsonColumn('permissions', null),
        maxRealtimeSessions: { type: DataTypes.INTEGER, allowNull: true },
        lastUsedAt: { type: DataTypes.DATE(3), allowNull: true },
        createdAt: DataTypes.DATE(3),
        updatedAt: DataTypes.DATE(3),
      },
      { sequelize, tableName: 'virtual_keys', underscored: true },
    );
  }
}
