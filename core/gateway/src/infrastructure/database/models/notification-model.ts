import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { jsonColumn } from '../json-column.ts';

import type { NotificationKind } from '../../../domain/notification-event.ts';

export type { NotificationKind };
export type WebhookState = 'NONE' | 'PENDING' | 'DELIVERED' | 'FAILED';

/**
 * Something admins should know: a budget crossing 50/80/100%, a key expiring or disabled. The
 * dedupe key makes each event happen once, however many instances notice it; the webhook columns
 * make the table the delivery queue.
 */
class NotificationRecord extends Model<InferAttributes<NotificationRecord>, InferCreationAttributes<NotificationRecord>> {
  declare id: CreationOptional<string>;
  declare kind: NotificationKind;
  declare severity: 'INFO' | 'WARNING' | 'CRITICAL';
  declare message: string;
  declare virtualKeyId: CreationOptional<string | null>;
  declare keyGroupId: CreationOptional<string | null>;
  declare data: CreationOptional<Record<string, unknown>>;
  declare dedupeKey: string;
  declare isRead: CreationOptional<boolean>;
  declare webhookState: CreationOptional<WebhookState>;
  declare webhookAttempts: CreationOptional<number>;
  declare webhookNextAt: CreationOptional<Date | null>;
  declare webhookError: CreationOptional<string | null>;
  declare webhookDeliveredAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
}

export type { NotificationRecord };

/** NotificationRecord's model class bound to one database (see define-models.ts). */
export function defineNotificationRecord(sequelize: Sequelize) {
  class BoundNotificationRecord extends NotificationRecord {}
  BoundNotificationRecord.init(
    {
      id: { type: DataTypes.STRING(36), primaryKey: true, defaultValue: DataTypes.UUIDV4 },
      kind: { type: DataTypes.STRING(32), allowNull: false },
      severity: { type: DataTypes.STRING(16), allowNull: false },
      message: { type: DataTypes.STRING(1000), allowNull: false },
      virtualKeyId: { type: DataTypes.STRING(36), allowNull: true },
      keyGroupId: { type: DataTypes.STRING(36), allowNull: true },
      data: jsonColumn('data', {}),
      dedupeKey: { type: DataTypes.STRING(191), allowNull: false, unique: true },
      isRead: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      webhookState: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'NONE' },
      webhookAttempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      webhookNextAt: { type: DataTypes.DATE(3), allowNull: true },
      webhookError: { type: DataTypes.STRING(1000), allowNull: true },
      webhookDeliveredAt: { type: DataTypes.DATE(3), allowNull: true },
      createdAt: { type: DataTypes.DATE(3), allowNull: false },
    },
    { sequelize, modelName: 'NotificationRecord', tableName: 'notifications', underscored: true, updatedAt: false },
  );
  return BoundNotificationRecord;
}

