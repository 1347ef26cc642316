/** Notifications in the `notifications` table, which is also the webhook's delivery queue. */
import { Op, UniqueConstraintError } from 'sequelize';
import type { NewStoredNotification, NotificationStore, StoredNotification } from '../../ports/notification-store.ts';
import type { DatabaseModels } from './models/define-models.ts';

export class NotificationRepository implements NotificationStore {
  constructor(private readonly models: DatabaseModels) {}

  async create(notification: NewStoredNotification): Promise<StoredNotification | null> {
    const { queued, ...fields } = notification;
    try {
      return await this.models.NotificationRecord.create({
        ...fields,
        webhookState: queued ? 'PENDING' : 'NONE',
        webhookNextAt: queued ? new Date() : null,
      });
    } catch (error) {
      if (error instanceof UniqueConstraintError) return null;
      throw error;
    }
  }

  dueDeliveries(now: Date, limit: number) {
    return this.models.NotificationRecord.findAll({
      where: { webhookState: 'PENDING', webhookNextAt: { [Op.lte]: now } },
      order: [['webhookNextAt', 'ASC']],
      limit,
    });
  }

  async claimDelivery(id: string, seenAttempts: number, leaseUntil: Date): Promise<boolean> {
    const [claimed] = await this.models.NotificationRecord.update(
      { webhookAttempts: seenAttempts + 1, webhookNextAt: leaseUntil },
      { where: { id, webhookState: 'PENDING', webhookAttempts: seenAttempts } },
    );
    return claimed === 1;
  }

  async deliveryDone(id: string, at: Date): Promise<void> {
    await this.models.NotificationRecord.update({ webhookState: 'DELIVERED', webhookDeliveredAt: at, webhookNextAt: null, webhookError: null }, { where: { id } });
  }

  async deliveryFailed(id: string, error: string): Promise<void> {
    await this.models.NotificationRecord.update({ webhookState: 'FAILED', webhookNextAt: null, webhookError: error }, { where: { id } });
  }

  async retryDelivery(id: string, at: Date, error: string): Promise<void> {
    await this.models.NotificationRecord.update({ webhookNextAt: at, webhookError: error }, { where: { id } });
  }
}
