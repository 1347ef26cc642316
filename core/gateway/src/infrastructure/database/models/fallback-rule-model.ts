import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { jsonColumn } from '../json-column.ts';

/** When every deployment of `modelName` fails, the `fallbacks` models are tried, in order. */
class FallbackRuleRecord extends Model<InferAttributes<FallbackRuleRecord>, InferCreationAttributes<FallbackRuleRecord>> {
  declare id: CreationOptional<string>;
  declare modelName: string;
  declare fallbacks: string[];
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export type { FallbackRuleRecord };

/** FallbackRuleRecord's model class bound to one database (see define-models.ts). */
export function defineFallbackRuleRecord(sequelize: Sequelize) {
  class BoundFallbackRuleRecord extends FallbackRuleRecord {}
  BoundFallbackRuleRecord.init(
    {
      id: { type: DataTypes.STRING(36), primaryKey: true, defaultValue: DataTypes.UUIDV4 },
      modelName: { type: DataTypes.STRING(255), allowNull: false, unique: true },
      fallbacks: jsonColumn('fallbacks', [], false),
      createdAt: DataTypes.DATE(3),
      updatedAt: DataTypes.DATE(3),
    },
    { sequelize, modelName: 'FallbackRuleRecord', tableName: 'fallback_rules', underscored: true },
  );
  return BoundFallbackRuleRecord;
}

