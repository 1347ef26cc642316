import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import type { BudgetPeriod } from '../../../domain/budget-period.ts';
import { jsonColumn } from '../json-column.ts';
import { nanosColumn } from '../nanos-column.ts';

/** A team of virtual keys with its own budget and limits; a request must fit both its key and its group. */
class KeyGroupRecord extends Model<InferAttributes<KeyGroupRecord>, InferCreationAttributes<KeyGroupRecord>> {
  declare id: CreationOptional<string>;
  declare name: string;
  /** Nano-dollars per budget period; null for no budget. */
  declare maxBudgetNanos: CreationOptional<number | null>;
  declare budgetPeriod: CreationOptional<BudgetPeriod>;
  declare rpm: CreationOptional<number | null>;
  declare rpd: CreationOptional<number | null>;
  declare tpm: CreationOptional<number | null>;
  declare maxParallel: CreationOptional<number | null>;
  declare metadata: CreationOptional<Record<string, unknown>>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export type { KeyGroupRecord };

/** KeyGroupRecord's model class bound to one database (see define-models.ts). */
export function defineKeyGroupRecord(sequelize: Sequelize) {
  class BoundKeyGroupRecord extends KeyGroupRecord {}
  // A fresh object per attribute: Sequelize writes into attribute definitions.
  const limit = () => ({ type: DataTypes.INTEGER, allowNull: true });
  BoundKeyGroupRecord.init(
    {
      id: { type: DataTypes.STRING(36), primaryKey: true, defaultValue: DataTypes.UUIDV4 },
      name: { type: DataTypes.STRING(255), allowNull: false, unique: true },
      maxBudgetNanos: nanosColumn('maxBudgetNanos', true),
      budgetPeriod: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'LIFETIME' },
      rpm: limit(),
      rpd: limit(),
      tpm: limit(),
      maxParallel: limit(),
      metadata: jsonColumn('metadata', {}),
      createdAt: DataTypes.DATE(3),
      updatedAt: DataTypes.DATE(3),
    },
    { sequelize, modelName: 'KeyGroupRecord', tableName: 'key_groups', underscored: true },
  );
  return BoundKeyGroupRecord;
}

