/**
 * Delivers notifications to the webhook, using the notifications table as the queue: any instance may
 * deliver, a delivery is claimed by bumping its attempt count where it still has the count seen (so
 * two instances never send the same attempt), and a claimed delivery whose instance dies is taken up
 * again after its lease. Failures are retried with backoff, then recorded as FAILED.
 */
import type { NotificationStore, StoredNotification } from '../../ports/notification-store.ts';
import type { Logger } from '../../ports/logger.ts';
import { webhookBackoffMs } from './webhook-backoff.ts';
import type { WebhookSettingsState } from './webhook-settings.ts';
import { signWebhook } from './webhook-signature.ts';

export interface WebhookDeliveryOptions {
  store: NotificationStore;
  settings: WebhookSettingsState;
  logger: Logger;
  /** How often every instance looks for due deliveries. */
  pollIntervalMs?: number;
}

const batchSize = 20;

export class WebhookDelivery {
  private readonly timer: NodeJS.Timeout;
  private readonly wakeups = new Set<NodeJS.Timeout>();
  private running: Promise<void> | undefined;
  private again = false;
  private closed = false;

  constructor(private readonly options: WebhookDeliveryOptions) {
    this.timer = setInterval(() => this.kick(), options.pollIntervalMs ?? 5_000);
    this.timer.unref();
  }

  /** Looks for due deliveries now (after a notification was created, or a retry fell due). */
  kick(): void {
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          await this.deliverDue();
        } catch (error) {
          this.options.logger.warn({ err: error }, 'webhook delivery round failed');
        }
      } while (this.again && !this.closed);
    })().finally(() => {
      this.running = undefined;
    });
  }

  /** Resolves once no delivery round is running. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    for (const wakeup of this.wakeups) clearTimeout(wakeup);
    await this.idle();
  }

  private async deliverDue(): Promise<void> {
    const settings = this.options.settings.current;
    if (!settings.enabled || !settings.url) return;
    const due = await this.options.store.dueDeliveries(new Date(), batchSize);
    for (const notification of due) {
      if (this.closed) return;
      await this.deliver(notification);
    }
    if (due.length === batchSize) this.again = true;
  }

  private async deliver(notification: StoredNotification): Promise<void> {
    const settings = this.options.settings.current;
    const attempt = notification.webhookAttempts + 1;
    // The lease: if this instance dies mid-delivery, another takes it up after the timeout and a margin.
    const claimed = await this.options.store.claimDelivery(notification.id, notification.webhookAttempts, new Date(Date.now() + settings.timeoutMs + 30_000));
    if (!claimed || !settings.url) return;

    const body = JSON.stringify({
      id: notification.id,
      type: notification.kind,
      severity: notification.severity,
      message: notification.message,
      virtualKeyId: notification.virtualKeyId,
      keyGroupId: notification.keyGroupId,
      data: notification.data,
      createdAt: notification.createdAt.toISOString(),
      attempt,
    });
    const timestamp = Math.floor(Date.now() / 1000);
    let failure: string | undefined;
    let retryAfterMs = 0;
    try {
      const response = await fetch(settings.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Conduit-Webhook/1',
          'x-conduit-event': notification.kind,
          'x-conduit-delivery': notification.id,
          'x-conduit-timestamp': String(timestamp),
          ...(settings.secret ? { 'x-conduit-signature': signWebhook(settings.secret, timestamp, body) } : {}),
        },
        body,
        signal: AbortSignal.timeout(settings.timeoutMs),
        redirect: 'manual',
      });
      await response.body?.cancel();
      if (response.status < 200 || response.status >= 300) {
        failure = `HTTP ${response.status}`;
        const retryAfter = Number(response.headers.get('retry-after'));
        if (Number.isFinite(retryAfter) && retryAfter > 0) retryAfterMs = Math.min(retryAfter, 3600) * 1000;
      }
    } catch (error) {
      failure = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    }

    if (failure === undefined) {
      await this.options.store.deliveryDone(notification.id, new Date());
      return;
    }
    if (attempt >= settings.maxAttempts) {
      this.options.logger.warn({ notification: notification.id, attempts: attempt, error: failure }, 'webhook delivery failed for good');
      await this.options.store.deliveryFailed(notification.id, failure.slice(0, 1000));
      return;
    }
    const delay = Math.max(retryAfterMs, webhookBackoffMs(attempt, settings.initialRetryDelayMs));
    await this.options.store.retryDelivery(notification.id, new Date(Date.now() + delay), failure.slice(0, 1000));
    this.wakeUpIn(delay);
  }

  private wakeUpIn(delayMs: number): void {
    if (this.closed) return;
    const wakeup = setTimeout(() => {
      this.wakeups.delete(wakeup);
      this.kick();
    }, delayMs + 5);
    wakeup.unref();
    this.wakeups.add(wakeup);
  }
}
