import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

/**
 * Prices for a model name, or for every name starting with a prefix when `model` ends in `*`.
 * Token prices are USD per million tokens; null means "not priced for this kind of usage".
 */
class ModelCostRecord extends Model<InferAttributes<ModelCostRecord>, InferCreationAttributes<ModelCostRecord>> {
  declare id: CreationOptional<string>;
  declare model: string;
  declare inputPerMillion: CreationOptional<number>;
  declare outputPerMillion: CreationOptional<number>;
  declare cachedInputPerMillion: CreationOptional<number | null>;
  declare cacheWritePerMillion: CreationOptional<number | null>;
  declare cacheWrite1hPerMillion: CreationOptional<number | null>;
  declare perImage: CreationOptional<number | null>;
  declare audioInputPerMinute: CreationOptional<number | null>;
  declare audioOutputPerMinute: CreationOptional<number | null>;
  declare speechPerMillionCharacters: CreationOptional<number | null>;
  declare audioInputPerMillion: CreationOptional<number | null>;
  declare audioOutputPerMillion: CreationOptional<number | null>;
  declare cachedAudioInputPerMillion: CreationOptional<number | null>;
  /** Per minute of a realtime session, for providers that bill the call's length. */
  declare sessionPerMinute: CreationOptional<number | null>;
  declare batchMultiplier: CreationOptional<number | null>;
  /** The model's output limit in tokens: a request without max_tokens reserves budget for this many. */
  declare maxOutputTokens: CreationOptional<number | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export type { ModelCostRecord };

/** ModelCostRecord's model class bound to one database (see define-models.ts). */
export function defineModelCostRecord(sequelize: Sequelize) {
  class BoundModelCostRecord extends ModelCostRecord {}
  // A fresh object per attribute: Sequelize writes into attribute definitions.
  const price = () => ({ type: DataTypes.DOUBLE, allowNull: true });
  BoundModelCostRecord.init(
    {
      id: { type: DataTypes.STRING(36), primaryKey: true, defaultValue: DataTypes.UUIDV4 },
      model: { type: DataTypes.STRING(255), allowNull: false, unique: true },
      inputPerMillion: { type: DataTypes.DOUBLE, allowNull: false, defaultValue: 0 },
      outputPerMillion: { type: DataTypes.DOUBLE, allowNull: false, defaultValue: 0 },
      cachedInputPerMillion: price(),
      cacheWritePerMillion: price(),
      cacheWrite1hPerMillion: { ...price(), field: 'cache_write_1h_per_million' },
      perImage: price(),
      audioInputPerMinute: price(),
      audioOutputPerMinute: price(),
      speechPerMillionCharacters: price(),
      audioInputPerMillion: price(),
      audioOutputPerMillion: price(),
      cachedAudioInputPerMillion: price(),
      sessionPerMinute: price(),
      batchMultiplier: price(),
      maxOutputTokens: { type: DataTypes.INTEGER, allowNull: true },
      createdAt: DataTypes.DATE(3),
      updatedAt: DataTypes.DATE(3),
    },
    { sequelize, modelName: 'ModelCostRecord', tableName: 'model_costs', underscored: true },
  );
  return BoundModelCostRecord;
}

