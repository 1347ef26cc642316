/** What is published on the event bus (topic `notificationCreated`) when a notification is created. */
import type { NotificationKind } from '../db/models/notification-model.ts';

export interface NotificationEvent {
  id: string;
  kind: NotificationKind;
  severity: 'INFO' | 'WARNING' | 'CRITICAL';
  message: string;
  virtualKeyId: string | null;
  keyGroupId: string | null;
  data: Record<string, unknown>;
  /** ISO-8601. */
  createdAt: string;
}
