import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { jsonColumn } from '../json-column.ts';

/** A configured instance of a provider plugin. Credentials are stored encrypted, never in clear. */
class ProviderRecord extends Model<InferAttributes<ProviderRecord>, InferCreationAttributes<ProviderRecord>> {
  declare id: CreationOptional<string>;
  declare name: string;
  declare type: string;
  declare baseUrl: string | null;
  /** AES-256-GCM of the JSON credentials object (`apiKey` and plugin-declared secret fields). */
  declare credentialsEncrypted: string | null;
  declare options: CreationOptional<Record<string, unknown>>;
  declare enabled: CreationOptional<boolean>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export type { ProviderRecord };

/** ProviderRecord's model class bound to one database (see define-models.ts). */
export function defineProviderRecord(sequelize: Sequelize) {
  class BoundProviderRecord extends ProviderRecord {}
  BoundProviderRecord.init(
    {
      id: { type: DataTypes.STRING(36), primaryKey: true, defaultValue: DataTypes.UUIDV4 },
      name: { type: DataTypes.STRING(100), allowNull: false, unique: true },
      type: { type: DataTypes.STRING(64), allowNull: false },
      baseUrl: { type: DataTypes.STRING(2048), allowNull: true },
      credentialsEncrypted: { type: DataTypes.TEXT, allowNull: true },
      options: jsonColumn('options', {}),
      enabled: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
      createdAt: DataTypes.DATE(3),
      updatedAt: DataTypes.DATE(3),
    },
    { sequelize, modelName: 'ProviderRecord', tableName: 'providers', underscored: true },
  );
  return BoundProviderRecord;
}

