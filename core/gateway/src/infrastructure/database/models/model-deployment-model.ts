import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import type { HttpTimeouts, ModelCapabilities } from '@conduit/plugin-api';
import { jsonColumn } from '../json-column.ts';

/** Serves a public model name from one provider's model. Several deployments may share a name. */
export class ModelDeploymentRecord extends Model<
  InferAttributes<ModelDeploymentRecord>,
  InferCreationAttributes<ModelDeploymentRecord>
> {
  declare id: CreationOptional<string>;
  declare modelName: string;
  declare providerId: string;
  declare providerModel: string;
  declare weight: CreationOptional<number>;
  declare priority: CreationOptional<number>;
  declare enabled: CreationOptional<boolean>;
  /** Overrides of what the provider plugin declares for this model. */
  declare capabilities: CreationOptional<Partial<ModelCapabilities> | null>;
  declare timeouts: CreationOptional<HttpTimeouts | null>;
  declare cacheTtlSeconds: CreationOptional<number | null>;
  /** Settings for this deployment's plugin kinds (audio: `voiceMap`, `defaultVoice`). */
  declare options: CreationOptional<Record<string, unknown> | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initialize(sequelize: Sequelize): void {
    ModelDeploymentRecord.init(
      {
        id: { type: DataTypes.STRING(36), primaryKey: true, defaultValue: DataTypes.UUIDV4 },
        modelName: { type: DataTypes.STRING(255), allowNull: false },
        providerId: { type: DataTypes.STRING(36), allowNull: false },
        providerModel: { type: DataTypes.STRING(255), allowNull: false },
        weight: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 1 },
        priority: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        enabled: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
        capabilities: jsonColumn('capabilities', null),
        timeouts: jsonColumn('timeouts', null),
        cacheTtlSeconds: { type: DataTypes.INTEGER, allowNull: true },
        options: jsonColumn('options', null),
        createdAt: DataTypes.DATE(3),
        updatedAt: DataTypes.DATE(3),
      },
      { sequelize, tableName: 'model_deployments', underscored: true },
    );
  }
}
