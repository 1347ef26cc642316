/** What is published on the event bus (topic `notificationCreated`) when a notification is created. */
export type NotificationKind = 'BUDGET_THRESHOLD' | 'KEY_EXPIRING' | 'KEY_EXPIRED' | 'KEY_DISABLED';

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
