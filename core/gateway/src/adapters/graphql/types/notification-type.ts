import { builder } from '../builder.ts';
import { newestFirstConnection, pageSize } from '../newest-first-page.ts';
import type { NotificationRecord } from '../../../infrastructure/database/models/notification-model.ts';
import type { NotificationEvent } from '../../../domain/notification-event.ts';

export const NotificationKindEnum = builder.enumType('NotificationKind', {
  values: {
    BUDGET_THRESHOLD: { description: 'A key or group crossed 50, 80 or 100% of its budget this period.' },
    KEY_EXPIRING: { description: 'A key expires within 7 days.' },
    KEY_EXPIRED: { description: 'A key expired.' },
    KEY_DISABLED: { description: 'A key was disabled.' },
  },
});

const SeverityEnum = builder.enumType('NotificationSeverity', { values: ['INFO', 'WARNING', 'CRITICAL'] as const });

const WebhookStateEnum = builder.enumType('WebhookDeliveryState', {
  values: {
    NONE: { description: 'Not sent by webhook (none configured, or not for this kind).' },
    PENDING: { description: 'Waiting for its first attempt or a retry.' },
    DELIVERED: {},
    FAILED: { description: 'Every attempt failed; see webhookError.' },
  },
});

const NotificationType = builder.objectRef<NotificationRecord>('Notification').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    kind: t.field({ type: NotificationKindEnum, resolve: (notification) => notification.kind }),
    severity: t.field({ type: SeverityEnum, resolve: (notification) => notification.severity }),
    message: t.exposeString('message'),
    virtualKeyId: t.id({ nullable: true, resolve: (notification) => notification.virtualKeyId }),
    keyGroupId: t.id({ nullable: true, resolve: (notification) => notification.keyGroupId }),
    data: t.field({ type: 'JSON', description: 'Details by kind (threshold, spend, period, expiresAt…).', resolve: (notification) => notification.data }),
    read: t.boolean({ resolve: (notification) => notification.isRead }),
    webhookState: t.field({ type: WebhookStateEnum, resolve: (notification) => notification.webhookState }),
    webhookAttempts: t.exposeInt('webhookAttempts'),
    webhookError: t.string({ nullable: true, description: 'The last failed attempt.', resolve: (notification) => notification.webhookError }),
    webhookDeliveredAt: t.field({ type: 'DateTime', nullable: true, resolve: (notification) => notification.webhookDeliveredAt }),
    createdAt: t.field({ type: 'DateTime', resolve: (notification) => notification.createdAt }),
  }),
});

const cursorOf = (notification: NotificationRecord): string =>
  Buffer.from(`notification:${notification.createdAt.getTime()}:${notification.id}`).toString('base64url');
const positionOf = (cursor: string): { createdAt: Date; id: string } | undefined => {
  const match = /^notification:(\d+):(.+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return match ? { createdAt: new Date(Number(match[1])), id: match[2]! } : undefined;
};

builder.queryFields((t) => ({
  notifications: t.connection({
    type: NotificationType,
    description: 'Notifications, newest first.',
    args: {
      unreadOnly: t.arg.boolean(),
      kind: t.arg({ type: NotificationKindEnum }),
      virtualKeyId: t.arg.id(),
    },
    resolve: async (_root, args, { services }) => {
      const first = pageSize(args.first);
      const before = args.after ? positionOf(args.after) : undefined;
      const rows = await services.notifications.page(
        { unreadOnly: args.unreadOnly, kind: args.kind, virtualKeyId: args.virtualKeyId == null ? null : String(args.virtualKeyId), before },
        first + 1,
      );
      return newestFirstConnection(rows, first, before !== undefined, cursorOf);
    },
  }),
  unreadNotificationCount: t.int({ resolve: (_root, _args, { services }) => services.notifications.unreadCount() }),
}));

builder.mutationFields((t) => ({
  markNotificationRead: t.field({
    type: NotificationType,
    args: { id: t.arg.id({ required: true }), read: t.arg.boolean({ defaultValue: true, description: 'false marks it unread again.' }) },
    resolve: (_root, args, { services }) => services.notifications.markRead(String(args.id), args.read ?? true),
  }),
  markAllNotificationsRead: t.int({
    description: 'Returns how many were unread.',
    resolve: (_root, _args, { services }) => services.notifications.markAllRead(),
  }),
}));


builder.subscriptionField('notificationCreated', (t) =>
  t.field({
    type: NotificationType,
    description: 'Every notification created, on any instance.',
    subscribe: (_root, _args, { live }) => live.subscribe('notificationCreated'),
    // Read back, so the webhook state and read flag are the stored ones; a notification deleted since is skipped.
    resolve: async (event, _args, { services }) => (await services.notifications.get(event.id)) ?? notificationFromEvent(event),
  }),
);

function notificationFromEvent(event: NotificationEvent): NotificationRecord {
  return {
    ...event,
    isRead: false,
    webhookState: 'NONE',
    webhookAttempts: 0,
    webhookError: null,
    webhookDeliveredAt: null,
    createdAt: new Date(event.createdAt),
  } as unknown as NotificationRecord;
}
