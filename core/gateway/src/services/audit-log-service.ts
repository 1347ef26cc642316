/**
 * The audit log: one row per admin mutation that succeeded (actor, mutation, entity and id, the fields
 * it set with secrets as "set", client IP, time), published as `auditLogged` once written.
 */
import { Op, type Transaction, type WhereOptions } from 'sequelize';
import type { AuditLogRecord } from '../infrastructure/database/models/audit-log-model.ts';
import type { AuditLoggedEvent, EventBus } from '../ports/event-bus.ts';
import type { AdminChange, AdminChangeSink } from './admin-change-service.ts';
import type { DatabaseModels } from '../infrastructure/database/models/define-models.ts';

export interface AuditLogFilter {
  entity?: string | null;
  actorId?: string | null;
  /** Only rows with an id below this one (the cursor). */
  beforeId?: number;
}

export const auditLoggedTopic = 'conduit:auditLogged' as 'auditLogged';

export class AuditLogService implements AdminChangeSink {
  constructor(
    private readonly models: DatabaseModels,
    private readonly events: EventBus,
  ) {}

  async record(change: AdminChange, transaction?: Transaction): Promise<void> {
    const row = await this.models.AuditLogRecord.create(
      {
      actorId: change.actor.tokenId,
      actorName: change.actor.name,
      actorRole: change.actor.role,
      mutation: change.mutation,
      entity: change.entity,
      entityId: change.id,
      action: change.action,
      fields: change.fields,
      clientIp: change.clientIp || null,
      createdAt: new Date(),
      },
      { transaction },
    );
    const publish = (): void => this.events.pubSub.publish(auditLoggedTopic, toEvent(row));
    if (transaction) transaction.afterCommit(publish);
    else publish();
  }

  page(filter: AuditLogFilter, limit: number): Promise<AuditLogRecord[]> {
    const where: WhereOptions<AuditLogRecord>[] = [];
    if (filter.entity) where.push({ entity: filter.entity });
    if (filter.actorId) where.push({ actorId: filter.actorId });
    if (filter.beforeId !== undefined) where.push({ id: { [Op.lt]: filter.beforeId } });
    return this.models.AuditLogRecord.findAll({ where: { [Op.and]: where }, order: [['id', 'DESC']], limit });
  }
}

/** An audit row as the admin API shows it (the event carries the same with an ISO time). */
export type AuditEntry = Omit<AuditLoggedEvent, 'createdAt'> & { createdAt: Date };

export function auditEntryOf(row: AuditLogRecord): AuditEntry {
  return {
    id: Number(row.id),
    actorId: row.actorId,
    actorName: row.actorName,
    actorRole: row.actorRole,
    mutation: row.mutation,
    entity: row.entity,
    entityId: row.entityId,
    action: row.action,
    fields: row.fields,
    clientIp: row.clientIp,
    createdAt: row.createdAt,
  };
}

function toEvent(row: AuditLogRecord): AuditLoggedEvent {
  return { ...auditEntryOf(row), createdAt: row.createdAt.toISOString() };
}
