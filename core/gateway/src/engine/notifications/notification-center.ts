/**
 * Creates notifications: once each, however many instances notice the same event (a unique dedupe
 * key), published on the event bus for GraphQL subscriptions, and queued for the webhook when it wants
 * that kind. One raised inside an admin mutation is stored in its transaction and announced only once
 * that committed: a rolled-back change announces nothing.
 */
import { type NotificationKind } from '../../domain/notification-event.ts';
import type { EventBus } from '../../ports/event-bus.ts';
import type { NotificationStore, StoredNotification } from '../../ports/notification-store.ts';
import type { BudgetAlerts, BudgetCrossing } from '../limits/admission-settlement.ts';
import { scopeLabel } from '../limits/limit-errors.ts';
import { formatUsd, nanosToUsd } from '../../domain/money.ts';
import type { Logger } from '../../ports/logger.ts';
import type { CommitScope } from '../../ports/commit-scope.ts';
import type { NotificationEvent } from '../../domain/notification-event.ts';
import type { WebhookDelivery } from './webhook-delivery.ts';
import type { WebhookSettingsState } from './webhook-settings.ts';

export const notificationTopic = 'conduit:notificationCreated' as 'notificationCreated';

export interface NewNotification {
  kind: NotificationKind;
  severity: 'INFO' | 'WARNING' | 'CRITICAL';
  message: string;
  virtualKeyId?: string | null;
  keyGroupId?: string | null;
  data: Record<string, unknown>;
  /** The same event noticed twice (or by two instances) has the same dedupe key. */
  dedupeKey: string;
}

const periodNames = { DAILY: 'daily', WEEKLY: 'weekly', MONTHLY: 'monthly', LIFETIME: 'lifetime' } as const;

export class NotificationCenter implements BudgetAlerts {
  private readonly pending = new Set<Promise<unknown>>();

  constructor(
    private readonly store: NotificationStore,
    private readonly events: EventBus,
    private readonly webhook: WebhookSettingsState,
    private readonly delivery: WebhookDelivery,
    private readonly logger: Logger,
    private readonly scope?: CommitScope,
  ) {}

  /** The created notification, or null when it existed already. */
  async notify(input: NewNotification): Promise<StoredNotification | null> {
    const queued = this.webhook.wants(input.kind);
    const record = await this.store.create({
      kind: input.kind,
      severity: input.severity,
      message: input.message.slice(0, 1000),
      virtualKeyId: input.virtualKeyId ?? null,
      keyGroupId: input.keyGroupId ?? null,
      data: input.data,
      dedupeKey: input.dedupeKey.slice(0, 191),
      queued,
    });
    if (!record) return null;
    const event: NotificationEvent = {
      id: record.id,
      kind: record.kind,
      severity: record.severity,
      message: record.message,
      virtualKeyId: record.virtualKeyId,
      keyGroupId: record.keyGroupId,
      data: record.data,
      createdAt: record.createdAt.toISOString(),
    };
    const announce = (): void => {
      this.events.pubSub.publish(notificationTopic, event);
      if (queued) this.delivery.kick();
    };
    if (!this.scope?.whenSettled(announce, () => undefined)) announce();
    return record;
  }

  /** From the settlement (synchronous); the write runs in the background and failures are logged. */
  budgetCrossed(crossing: BudgetCrossing): void {
    const { budget, threshold, spend } = crossing;
    const percent = Math.round(threshold * 100);
    const { scope, window } = budget;
    const label = scopeLabel(scope);
    const message =
      percent >= 100
        ? `The ${periodNames[window.period]} budget of ${label} is used up: ${formatUsd(spend)} of ${formatUsd(budget.limit)}.`
        : `${label[0]!.toUpperCase()}${label.slice(1)} has used ${percent}% of its ${periodNames[window.period]} budget: ${formatUsd(spend)} of ${formatUsd(budget.limit)}.`;
    void this.background(
      this.notify({
        kind: 'BUDGET_THRESHOLD',
        severity: percent >= 100 ? 'CRITICAL' : percent >= 80 ? 'WARNING' : 'INFO',
        message,
        virtualKeyId: scope.kind === 'key' ? scope.id : null,
        keyGroupId: scope.kind === 'group' ? scope.id : null,
        data: {
          scope: scope.kind,
          scopeId: scope.id,
          name: scope.name,
          threshold: percent,
          spend: nanosToUsd(spend),
          maxBudget: nanosToUsd(budget.limit),
          period: window.period,
          periodKey: window.key,
          periodEnd: window.end === null ? null : new Date(window.end).toISOString(),
        },
        dedupeKey: `budget:${scope.kind}:${scope.id}:${window.key}:${percent}:${nanosToUsd(budget.limit)}`,
      }),
    );
  }

  /**
   * Resolves once the notification is stored (awaited inside the mutation that disabled the key, so it
   * joins that transaction); never rejects: a failure is logged and the key stays disabled.
   */
  keyDisabled(key: { id: string; name: string }, at: Date): Promise<void> {
    return this.background(
      this.notify({
        kind: 'KEY_DISABLED',
        severity: 'WARNING',
        message: `Virtual key '${key.name}' was disabled.`,
        virtualKeyId: key.id,
        data: { name: key.name, disabledAt: at.toISOString() },
        dedupeKey: `disabled:${key.id}:${at.getTime()}`,
      }),
    );
  }

  /** Resolves when the background writes started so far are done (for shutdown and tests). */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  private background(work: Promise<unknown>): Promise<void> {
    const tracked = work.then(
      () => undefined,
      (error: unknown) => this.logger.error({ err: error }, 'creating a notification failed'),
    );
    this.pending.add(tracked);
    void tracked.finally(() => this.pending.delete(tracked));
    return tracked;
  }
}

