import { DataTypes, Model, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

/** A Response kept for the Responses API (see ports/stored-response-store.ts); purged with the request logs' retention. */
class StoredResponseRecord extends Model<InferAttributes<StoredResponseRecord>, InferCreationAttributes<StoredResponseRecord>> {
  declare id: string;
  declare virtualKeyId: string;
  declare createdAt: Date;
  /** JSON text: the input items, earlier turns included. */
  declare inputItems: string;
  /** JSON text: the Response object as answered. */
  declare response: string;
}

export type { StoredResponseRecord };

/** StoredResponseRecord's model class bound to one database (see define-models.ts). */
export function defineStoredResponseRecord(sequelize: Sequelize) {
  class BoundStoredResponseRecord extends StoredResponseRecord {}
  BoundStoredResponseRecord.init(
    {
      id: { type: DataTypes.STRING(64), primaryKey: true },
      virtualKeyId: { type: DataTypes.STRING(36), allowNull: false },
      createdAt: { type: DataTypes.DATE(3), allowNull: false },
      // LONGTEXT on MariaDB (see the migration); the model only reads and writes them.
      inputItems: { type: DataTypes.TEXT, allowNull: false },
      response: { type: DataTypes.TEXT, allowNull: false },
    },
    { sequelize, modelName: 'StoredResponseRecord', tableName: 'stored_responses', underscored: true, timestamps: false },
  );
  return BoundStoredResponseRecord;
}
