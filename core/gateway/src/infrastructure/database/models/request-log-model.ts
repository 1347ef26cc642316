import { nanosColumn } from '../nanos-column.ts';
import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

/** One row per /v1 request, written in batches off the hot path. */
class RequestLogRecord extends Model<InferAttributes<RequestLogRecord>, InferCreationAttributes<RequestLogRecord>> {
  declare id: CreationOptional<number>;
  declare requestId: string;
  declare virtualKeyId: string | null;
  /** Set on failed authentications: the display prefix of the key presented (never the key). */
  declare keyPrefix: CreationOptional<string | null>;
  declare endpoint: string;
  declare model: string | null;
  declare providerId: string | null;
  declare providerModel: string | null;
  declare deploymentId: string | null;
  declare stream: boolean;
  declare status: number;
  declare errorCode: string | null;
  declare errorMessage: string | null;
  declare promptTokens: number | null;
  declare completionTokens: number | null;
  declare cachedTokens: number | null;
  declare totalTokens: number | null;
  declare usageEstimated: boolean;
  /** Nano-dollars. */
  declare costNanos: number;
  declare unpriced: boolean;
  declare latencyMs: number;
  declare firstByteMs: number | null;
  declare attempts: number;
  declare clientIp: string | null;
  /** Seconds of audio in and out (transcription, speech, a realtime session). */
  declare audioSeconds: CreationOptional<number | null>;
  /** Characters turned into speech. */
  declare characters: CreationOptional<number | null>;
  /** Answered from the response cache (no provider call, no cost). */
  declare cacheHit: CreationOptional<boolean>;
  declare createdAt: Date;
}

export type { RequestLogRecord };

/** RequestLogRecord's model class bound to one database (see define-models.ts). */
export function defineRequestLogRecord(sequelize: Sequelize) {
  class BoundRequestLogRecord extends RequestLogRecord {}
  // A fresh object per attribute: Sequelize writes into attribute definitions.
  const int = () => ({ type: DataTypes.INTEGER, allowNull: true });
  BoundRequestLogRecord.init(
    {
      id: { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true },
      requestId: { type: DataTypes.STRING(64), allowNull: false },
      virtualKeyId: { type: DataTypes.STRING(36), allowNull: true },
      keyPrefix: { type: DataTypes.STRING(16), allowNull: true },
      endpoint: { type: DataTypes.STRING(64), allowNull: false },
      model: { type: DataTypes.STRING(255), allowNull: true },
      providerId: { type: DataTypes.STRING(36), allowNull: true },
      providerModel: { type: DataTypes.STRING(255), allowNull: true },
      deploymentId: { type: DataTypes.STRING(36), allowNull: true },
      stream: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      status: { type: DataTypes.INTEGER, allowNull: false },
      errorCode: { type: DataTypes.STRING(64), allowNull: true },
      errorMessage: { type: DataTypes.STRING(1000), allowNull: true },
      promptTokens: int(),
      completionTokens: int(),
      cachedTokens: int(),
      totalTokens: int(),
      usageEstimated: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      costNanos: nanosColumn('costNanos', false),
      unpriced: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      latencyMs: { type: DataTypes.INTEGER, allowNull: false },
      firstByteMs: int(),
      attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 1 },
      clientIp: { type: DataTypes.STRING(64), allowNull: true },
      audioSeconds: { type: DataTypes.DOUBLE, allowNull: true },
      characters: int(),
      cacheHit: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      createdAt: { type: DataTypes.DATE(3), allowNull: false },
    },
    { sequelize, modelName: 'RequestLogRecord', tableName: 'request_logs', underscored: true, updatedAt: false },
  );
  return BoundRequestLogRecord;
}

