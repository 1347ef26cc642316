/** The outgoing webhook for notifications: where, signed with which secret (write-only), retried how; and a test send. */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { postWebhook, type WebhookOutcome } from '../engine/notifications/webhook-post.ts';
import type { ConfigChanges } from '../engine/state/config-changes.ts';
import { notificationKinds, type WebhookSettings, type WebhookSettingsState } from '../engine/notifications/webhook-settings.ts';
import { callOut } from '../infrastructure/database/admin-transactions.ts';
import { InputError } from './input-error.ts';
import { parseInput } from './parse-input.ts';

const updateSchema = z.object({
  url: z
    .string()
    .trim()
    .refine((value) => /^https?:\/\/[^\s]+$/.test(value) && URL.canParse(value), 'must be an http(s) URL')
    .nullish(),
  secret: z.string().min(16, 'must be at least 16 characters').max(1000).nullish(),
  enabled: z.boolean().nullish(),
  kinds: z.array(z.enum(notificationKinds)).nullish(),
  maxAttempts: z.number().int().min(1, 'must be at least 1').max(20).nullish(),
  initialRetryDelayMs: z.number().int().min(10, 'must be at least 10').max(3_600_000).nullish(),
  timeoutMs: z.number().int().min(100, 'must be at least 100').max(120_000).nullish(),
});

export type UpdateWebhookSettingsInput = z.input<typeof updateSchema>;

/** What a test send found: the receiver's status (or why none came) and how long it took. */
export type WebhookTestResult = Omit<WebhookOutcome, 'retryAfterMs'> & { url: string };

/** The settings as admins read them: the secret never, only whether one is set. */
export type WebhookSettingsView = Omit<WebhookSettings, 'secret'> & { hasSecret: boolean };

export class WebhookSettingsService {
  constructor(
    private readonly changes: ConfigChanges,
    private readonly state: WebhookSettingsState,
  ) {}

  get(): WebhookSettingsView {
    const { secret, ...rest } = this.state.current;
    return { ...rest, hasSecret: secret !== null };
  }

  /** Omitted fields keep their value; `url` and `secret` may be cleared with null. */
  async update(input: UpdateWebhookSettingsInput): Promise<WebhookSettingsView> {
    const values = parseInput(updateSchema, input);
    const current = this.state.current;
    const next: WebhookSettings = {
      url: values.url === undefined ? current.url : values.url,
      secret: values.secret === undefined ? current.secret : values.secret,
      enabled: values.enabled ?? current.enabled,
      kinds: values.kinds ?? current.kinds,
      maxAttempts: values.maxAttempts ?? current.maxAttempts,
      initialRetryDelayMs: values.initialRetryDelayMs ?? current.initialRetryDelayMs,
      timeoutMs: values.timeoutMs ?? current.timeoutMs,
    };
    if (next.enabled && !next.url) throw new InputError('input.url', 'is required to enable the webhook');
    if (next.enabled && !next.secret) throw new InputError('input.secret', 'is required to enable the webhook (deliveries are signed with it)');
    await this.state.save(next);
    await this.changes.committed({ entity: 'webhookSettings' });
    return this.get();
  }

  /**
   * Sends a TEST notification to the configured URL now, signed and shaped as real deliveries are
   * (enabled or not, so a webhook can be tried before it is switched on); never retried.
   */
  async sendTest(): Promise<WebhookTestResult> {
    const settings = this.state.current;
    const url = settings.url;
    if (!url) throw new InputError('url', 'no webhook URL is set: save one first');
    // The receiver may take up to the timeout to answer: the mutation's transaction is not held meanwhile.
    const outcome = await callOut(() =>
      postWebhook(
        { url, secret: settings.secret, timeoutMs: settings.timeoutMs },
        {
          id: `test-${randomUUID()}`,
          type: 'TEST',
          severity: 'INFO',
          message: 'Test notification from Conduit: the webhook is reachable.',
          virtualKeyId: null,
          keyGroupId: null,
          data: { test: true },
          createdAt: new Date().toISOString(),
          attempt: 1,
        },
      ),
    );
    return { url, ok: outcome.ok, statusCode: outcome.statusCode, latencyMs: outcome.latencyMs, error: outcome.error };
  }
}
