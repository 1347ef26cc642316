/**
 * The outgoing webhook's settings, in `global_settings` with the secret encrypted at rest; cached for
 * the delivery worker and reloaded when they change.
 */
import { z } from 'zod';
import type { CredentialCipher } from '../../ports/credential-cipher.ts';
import type { NotificationKind } from '../../domain/notification-event.ts';
import type { SettingStore } from '../../ports/setting-store.ts';

export const notificationKinds = ['BUDGET_THRESHOLD', 'KEY_EXPIRING', 'KEY_EXPIRED', 'KEY_DISABLED'] as const satisfies readonly NotificationKind[];

const storedSchema = z.object({
  url: z.string().nullable(),
  enabled: z.boolean(),
  secretEncrypted: z.string().nullable(),
  /** Empty: every kind. */
  kinds: z.array(z.enum(notificationKinds)),
  maxAttempts: z.number().int().min(1).max(20),
  initialRetryDelayMs: z.number().int().min(10).max(3_600_000),
  timeoutMs: z.number().int().min(100).max(120_000),
});

export type StoredWebhookSettings = z.infer<typeof storedSchema>;

export interface WebhookSettings extends Omit<StoredWebhookSettings, 'secretEncrypted'> {
  secret: string | null;
}

const settingKey = 'webhook';
export const defaultWebhookSettings: StoredWebhookSettings = {
  url: null,
  enabled: false,
  secretEncrypted: null,
  kinds: [],
  maxAttempts: 6,
  initialRetryDelayMs: 2_000,
  timeoutMs: 10_000,
};

export class WebhookSettingsState {
  private stored: StoredWebhookSettings = defaultWebhookSettings;

  constructor(
    private readonly cipher: CredentialCipher,
    private readonly settings: SettingStore,
  ) {}

  /** The settings with the secret in clear, for signing; never for display. */
  get current(): WebhookSettings {
    const { secretEncrypted, ...rest } = this.stored;
    return { ...rest, secret: secretEncrypted ? this.cipher.decrypt(secretEncrypted) : null };
  }

  get hasSecret(): boolean {
    return this.stored.secretEncrypted !== null;
  }

  /** Whether a notification of this kind goes out by webhook. */
  wants(kind: NotificationKind): boolean {
    const settings = this.stored;
    return settings.enabled && settings.url !== null && (settings.kinds.length === 0 || settings.kinds.includes(kind));
  }

  async reload(): Promise<void> {
    this.stored = await this.settings.read(settingKey, storedSchema, defaultWebhookSettings);
  }

  async save(settings: WebhookSettings): Promise<void> {
    const { secret, ...rest } = settings;
    const stored: StoredWebhookSettings = { ...rest, secretEncrypted: secret === null ? null : this.cipher.encrypt(secret) };
    await this.settings.write(settingKey, stored);
    this.stored = stored;
  }
}
