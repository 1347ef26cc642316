/**
 * Notifications as stored, which is also the webhook's delivery queue: a delivery is claimed by
 * bumping its attempt count where it still has the count seen, so two instances never send one attempt.
 */
import type { NotificationKind } from '../domain/notification-event.ts';

export type NotificationSeverity = 'INFO' | 'WARNING' | 'CRITICAL';

export interface NewStoredNotification {
  kind: NotificationKind;
  severity: NotificationSeverity;
  message: string;
  virtualKeyId: string | null;
  keyGroupId: string | null;
  data: Record<string, unknown>;
  dedupeKey: string;
  /** Queued for the webhook now, or not for it at all. */
  queued: boolean;
}

export interface StoredNotification {
  id: string;
  kind: NotificationKind;
  severity: NotificationSeverity;
  message: string;
  virtualKeyId: string | null;
  keyGroupId: string | null;
  data: Record<string, unknown>;
  webhookAttempts: number;
  createdAt: Date;
}

export interface NotificationStore {
  /** The created notification, or null when one with the same dedupe key exists. */
  create(notification: NewStoredNotification): Promise<StoredNotification | null>;
  /** Queued deliveries due by `now`, the longest due first. */
  dueDeliveries(now: Date, limit: number): Promise<readonly StoredNotification[]>;
  /** Takes attempt `seenAttempts + 1` with a lease until `leaseUntil`; false when another took it. */
  claimDelivery(id: string, seenAttempts: number, leaseUntil: Date): Promise<boolean>;
  deliveryDone(id: string, at: Date): Promise<void>;
  deliveryFailed(id: string, error: string): Promise<void>;
  retryDelivery(id: string, at: Date, error: string): Promise<void>;
}
