import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { jsonColumn } from '../json-column.ts';

/** The router's settings: one row with id 'global'. See routing/router-settings.ts for meanings and defaults. */
class RouterSettingsRecord extends Model<InferAttributes<RouterSettingsRecord>, InferCreationAttributes<RouterSettingsRecord>> {
  declare id: string;
  declare defaultStrategy: string;
  /** Public model name -> strategy name, for models that do not use the default. */
  declare modelStrategies: CreationOptional<Record<string, string>>;
  declare maxRetries: number;
  declare retryBaseDelayMs: number;
  declare retryMaxDelayMs: number;
  declare breakerEnabled: boolean;
  declare breakerFailureThreshold: number;
  declare breakerErrorRate: number;
  declare breakerMinRequests: number;
  declare breakerWindowMs: number;
  declare breakerCooldownMs: number;
  declare healthCheckIntervalMs: number;
  declare healthCheckTimeoutMs: number;
  declare healthRetentionHours: number;
  declare connectTimeoutMs: number | null;
  declare firstByteTimeoutMs: number | null;
  declare idleTimeoutMs: number | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export type { RouterSettingsRecord };

/** RouterSettingsRecord's model class bound to one database (see define-models.ts). */
export function defineRouterSettingsRecord(sequelize: Sequelize) {
  class BoundRouterSettingsRecord extends RouterSettingsRecord {}
  const int = () => ({ type: DataTypes.INTEGER, allowNull: false });
  const optionalInt = () => ({ type: DataTypes.INTEGER, allowNull: true });
  BoundRouterSettingsRecord.init(
    {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      defaultStrategy: { type: DataTypes.STRING(64), allowNull: false },
      modelStrategies: jsonColumn('modelStrategies', {}),
      maxRetries: int(),
      retryBaseDelayMs: int(),
      retryMaxDelayMs: int(),
      breakerEnabled: { type: DataTypes.BOOLEAN, allowNull: false },
      breakerFailureThreshold: int(),
      breakerErrorRate: { type: DataTypes.DOUBLE, allowNull: false },
      breakerMinRequests: int(),
      breakerWindowMs: int(),
      breakerCooldownMs: int(),
      healthCheckIntervalMs: int(),
      healthCheckTimeoutMs: int(),
      healthRetentionHours: int(),
      connectTimeoutMs: optionalInt(),
      firstByteTimeoutMs: optionalInt(),
      idleTimeoutMs: optionalInt(),
      createdAt: DataTypes.DATE(3),
      updatedAt: DataTypes.DATE(3),
    },
    { sequelize, modelName: 'RouterSettingsRecord', tableName: 'router_settings', underscored: true },
  );
  return BoundRouterSettingsRecord;
}

