import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { jsonColumn } from '../json-column.ts';

/** When every deployment of `modelName` fails, the `fallbacks` models are tried, in order. */
export class FallbackRuleRecord extends Model<InferAttributes<FallbackRuleRecord>, InferCreationAttributes<FallbackRuleRecord>> {
  declare id: CreationOptional<string>;
  declare modelName: string;
  declare fallbacks: string[];
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initialize(sequelize: Sequelize): void {
    FallbackRuleRecord.init(
      {
        id: { type: DataTypes.STRING(36), primaryKey: true, defaultValue: DataTypes.UUIDV4 },
        modelName: { type: DataTypes.STRING(255), allowNull: false, unique: true },
        fallbacks: jsonColumn('fallbacks', [], false),
        createdAt: DataTypes.DATE(3),
        updatedAt: DataTypes.DATE(3),
      },
      { sequelize, tableName: 'fallback_rules', underscored: true },
    );
  }
}
