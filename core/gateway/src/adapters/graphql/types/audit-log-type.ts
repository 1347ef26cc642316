import { builder } from '../builder.ts';
import { idCursors, newestFirstConnection, pageSize } from '../newest-first-page.ts';
import type { AuditLoggedEvent } from '../../../ports/event-bus.ts';
import type { AuditLogRecord } from '../../../infrastructure/database/models/audit-log-model.ts';

type AuditEntryView = Omit<AuditLoggedEvent, 'createdAt'> & { createdAt: Date };

const AuditEntryType = builder.objectRef<AuditEntryView>('AuditEntry').implement({
  description: 'One admin mutation that succeeded.',
  fields: (t) => ({
    id: t.id({ resolve: (entry) => String(entry.id) }),
    actorId: t.exposeString('actorId', { description: 'The admin token’s id, or "master".' }),
    actorName: t.exposeString('actorName'),
    actorRole: t.exposeString('actorRole'),
    mutation: t.exposeString('mutation'),
    entity: t.exposeString('entity'),
    entityId: t.id({ nullable: true, resolve: (entry) => entry.entityId }),
    action: t.exposeString('action'),
    fields: t.field({ type: 'JSON', description: 'The arguments it was given; secrets appear as "set", never their values.', resolve: (entry) => entry.fields }),
    clientIp: t.string({ nullable: true, resolve: (entry) => entry.clientIp }),
    createdAt: t.field({ type: 'DateTime', resolve: (entry) => entry.createdAt }),
  }),
});

const { cursorOf, idOf } = idCursors('audit');

const viewOf = (row: AuditLogRecord): AuditEntryView => ({
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
});

builder.queryField('auditLog', (t) =>
  t.connection({
    type: AuditEntryType,
    description: 'The audit log, newest first.',
    args: { entity: t.arg.string(), actorId: t.arg.string({ description: 'A token id, or "master".' }) },
    resolve: async (_root, args, { services }) => {
      const first = pageSize(args.first);
      const beforeId = args.after ? idOf(args.after) : undefined;
      const rows = await services.auditLog.page({ entity: args.entity, actorId: args.actorId, beforeId }, first + 1);
      return newestFirstConnection(rows.map(viewOf), first, beforeId !== undefined, (entry) => cursorOf(entry.id));
    },
  }),
);

builder.subscriptionField('auditLogged', (t) =>
  t.field({
    type: AuditEntryType,
    description: 'Every audit entry as it is written, on any instance.',
    subscribe: (_root, _args, { live }) => live.subscribe('auditLogged'),
    resolve: (event): AuditEntryView => ({ ...event, createdAt: new Date(event.createdAt) }),
  }),
);
