import { builder } from '../builder.ts';
import { auditEntryOf, type AuditEntry } from '../../../services/audit-log-service.ts';
import { idCursors, newestFirstConnection, pageSize } from '../newest-first-page.ts';

const AuditEntryType = builder.objectRef<AuditEntry>('AuditEntry').implement({
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


builder.queryField('auditLog', (t) =>
  t.connection({
    type: AuditEntryType,
    description: 'The audit log, newest first.',
    args: { entity: t.arg.string(), actorId: t.arg.string({ description: 'A token id, or "master".' }) },
    resolve: async (_root, args, { services }) => {
      const first = pageSize(args.first);
      const beforeId = args.after ? idOf(args.after) : undefined;
      const rows = await services.auditLog.page({ entity: args.entity, actorId: args.actorId, beforeId }, first + 1);
      return newestFirstConnection(rows.map(auditEntryOf), first, beforeId !== undefined, (entry) => cursorOf(entry.id));
    },
  }),
);

builder.subscriptionField('auditLogged', (t) =>
  t.field({
    type: AuditEntryType,
    description: 'Every audit entry as it is written, on any instance.',
    subscribe: (_root, _args, { live }) => live.subscribe('auditLogged'),
    resolve: (event): AuditEntry => ({ ...event, createdAt: new Date(event.createdAt) }),
  }),
);
