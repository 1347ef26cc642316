/** Reads notifications (newest first, a page at a time) and marks them read. */
import { Op, type WhereOptions } from 'sequelize';
import type { NotificationRecord } from '../infrastructure/database/models/notification-model.ts';
import { type NotificationKind } from '../domain/notification-event.ts';
import type { KeyExpiryScanner } from '../engine/notifications/key-expiry-scanner.ts';
import { NotFoundError } from './input-error.ts';
import type { DatabaseModels } from '../infrastructure/database/models/define-models.ts';

export interface NotificationFilter {
  unreadOnly?: boolean | null;
  kind?: NotificationKind | null;
  virtualKeyId?: string | null;
  /** Only notifications older than this one (the cursor): created before it, or at the same time with a smaller id. */
  before?: { createdAt: Date; id: string };
}

export class NotificationService {
  constructor(
    private readonly models: DatabaseModels,
    private readonly expiry?: KeyExpiryScanner,
  ) {}

  /** Looks for expiring and expired keys now (it also happens hourly on every instance). */
  async scanKeyExpiry(): Promise<void> {
    await this.expiry?.scan();
  }

  async page(filter: NotificationFilter, limit: number): Promise<NotificationRecord[]> {
    const where: WhereOptions<NotificationRecord>[] = [];
    if (filter.unreadOnly) where.push({ isRead: false });
    if (filter.kind) where.push({ kind: filter.kind });
    if (filter.virtualKeyId) where.push({ virtualKeyId: filter.virtualKeyId });
    if (filter.before) {
      const { createdAt, id } = filter.before;
      where.push({ [Op.or]: [{ createdAt: { [Op.lt]: createdAt } }, { createdAt, id: { [Op.lt]: id } }] });
    }
    return this.models.NotificationRecord.findAll({ where: { [Op.and]: where }, order: [['createdAt', 'DESC'], ['id', 'DESC']], limit });
  }

  get(id: string): Promise<NotificationRecord | null> {
    return this.models.NotificationRecord.findByPk(id);
  }

  unreadCount(): Promise<number> {
    return this.models.NotificationRecord.count({ where: { isRead: false } });
  }

  async markRead(id: string, read: boolean): Promise<NotificationRecord> {
    const record = await this.models.NotificationRecord.findByPk(id);
    if (!record) throw new NotFoundError('Notification', id);
    record.isRead = read;
    await record.save();
    return record;
  }

  /** Marks every unread notification read; returns how many. */
  async markAllRead(): Promise<number> {
    const [count] = await this.models.NotificationRecord.update({ isRead: true }, { where: { isRead: false } });
    return count;
  }
}
