import { nanosColumn } from '../nanos-column.ts';
import { DataTypes, Model, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

import type { SpendScopeKind } from '../../../domain/spend-scope.ts';

export type { SpendScopeKind };

/**
 * The durable record of spend: nano-dollars per key or group and per period (`d:2026-01-31`, `w:…`, `m:2026-01`,
 * `lifetime`). `version` grows with every write, so a counter rebuilt from a snapshot knows which
 * later writes it must still add.
 */
class SpendPeriodRecord extends Model<InferAttributes<SpendPeriodRecord>, InferCreationAttributes<SpendPeriodRecord>> {
  declare scopeKind: SpendScopeKind;
  declare scopeId: string;
  declare periodKey: string;
  declare spendNanos: number;
  declare version: number;
}

export type { SpendPeriodRecord };

/** SpendPeriodRecord's model class bound to one database (see define-models.ts). */
export function defineSpendPeriodRecord(sequelize: Sequelize) {
  class BoundSpendPeriodRecord extends SpendPeriodRecord {}
  BoundSpendPeriodRecord.init(
    {
      scopeKind: { type: DataTypes.STRING(8), primaryKey: true },
      scopeId: { type: DataTypes.STRING(36), primaryKey: true },
      periodKey: { type: DataTypes.STRING(16), primaryKey: true },
      spendNanos: nanosColumn('spendNanos', false),
      version: { type: DataTypes.BIGINT, allowNull: false, defaultValue: 0, get(this: SpendPeriodRecord) { return Number(this.getDataValue('version')); } },
    },
    { sequelize, modelName: 'SpendPeriodRecord', tableName: 'spend_periods', underscored: true, timestamps: false },
  );
  return BoundSpendPeriodRecord;
}

