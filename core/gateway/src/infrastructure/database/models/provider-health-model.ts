import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

export type ProviderHealthStatus = 'up' | 'down';
/** The probe a check ran: the liveness probe (null), or one of the opt-in audio checks. */
export type ProviderHealthProbe = 'audio-speech' | 'audio-transcription';

/** One active health check of a provider; kept for the retention period in RouterSettings. */
export class ProviderHealthRecord extends Model<InferAttributes<ProviderHealthRecord>, InferCreationAttributes<ProviderHealthRecord>> {
  declare id: CreationOptional<number>;
  declare providerId: string;
  declare status: ProviderHealthStatus;
  declare latencyMs: number | null;
  /** Why the check failed; never holds credentials. */
  declare error: string | null;
  declare checkedAt: Date;
  declare probe: CreationOptional<ProviderHealthProbe | null>;

  static initialize(sequelize: Sequelize): void {
    ProviderHealthRecord.init(
      {
        id: { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true },
        providerId: { type: DataTypes.STRING(36), allowNull: false },
        status: { type: DataTypes.STRING(16), allowNull: false },
        latencyMs: { type: DataTypes.INTEGER, allowNull: true },
        error: { type: DataTypes.STRING(1000), allowNull: true },
        checkedAt: { type: DataTypes.DATE(3), allowNull: false },
        probe: { type: DataTypes.STRING(32), allowNull: true },
      },
      { sequelize, tableName: 'provider_health', underscored: true, timestamps: false },
    );
  }
}
