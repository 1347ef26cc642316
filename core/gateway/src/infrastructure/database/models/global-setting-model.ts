import { DataTypes, Model, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

/** One named setting as JSON text (`global_settings`); see settings-repository.ts for reading and writing. */
class GlobalSettingRecord extends Model<InferAttributes<GlobalSettingRecord>, InferCreationAttributes<GlobalSettingRecord>> {
  declare key: string;
  declare value: string | null;
  declare updatedAt: Date;
}

export type { GlobalSettingRecord };

/** GlobalSettingRecord's model class bound to one database (see define-models.ts). */
export function defineGlobalSettingRecord(sequelize: Sequelize) {
  class BoundGlobalSettingRecord extends GlobalSettingRecord {}
  BoundGlobalSettingRecord.init(
    {
      key: { type: DataTypes.STRING(128), primaryKey: true },
      value: { type: DataTypes.TEXT, allowNull: true },
      updatedAt: { type: DataTypes.DATE(3), allowNull: false },
    },
    { sequelize, modelName: 'GlobalSettingRecord', tableName: 'global_settings', underscored: true, createdAt: false },
  );
  return BoundGlobalSettingRecord;
}

