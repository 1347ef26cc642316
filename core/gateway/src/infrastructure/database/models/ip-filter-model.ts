import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

export type IpFilterAction = 'ALLOW' | 'DENY';

/** An allow or deny rule for a CIDR range, global (no key) or for one virtual key. */
class IpFilterRecord extends Model<InferAttributes<IpFilterRecord>, InferCreationAttributes<IpFilterRecord>> {
  declare id: CreationOptional<string>;
  /** Normalised CIDR, e.g. `10.0.0.0/8` or `2001:db8::/32`. */
  declare cidr: string;
  declare action: IpFilterAction;
  declare virtualKeyId: CreationOptional<string | null>;
  declare description: CreationOptional<string | null>;
  declare enabled: CreationOptional<boolean>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export type { IpFilterRecord };

/** IpFilterRecord's model class bound to one database (see define-models.ts). */
export function defineIpFilterRecord(sequelize: Sequelize) {
  class BoundIpFilterRecord extends IpFilterRecord {}
  BoundIpFilterRecord.init(
    {
      id: { type: DataTypes.STRING(36), primaryKey: true, defaultValue: DataTypes.UUIDV4 },
      cidr: { type: DataTypes.STRING(64), allowNull: false },
      action: { type: DataTypes.STRING(8), allowNull: false },
      virtualKeyId: { type: DataTypes.STRING(36), allowNull: true },
      description: { type: DataTypes.STRING(255), allowNull: true },
      enabled: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
      createdAt: DataTypes.DATE(3),
      updatedAt: DataTypes.DATE(3),
    },
    { sequelize, modelName: 'IpFilterRecord', tableName: 'ip_filters', underscored: true },
  );
  return BoundIpFilterRecord;
}

