/**
 * Notices keys expiring within seven days, and keys that expired: every instance scans now and then,
 * and the dedupe key makes each expiry one notification (a new expiry date is a new one).
 */
import type { KeyStore } from '../../ports/key-store.ts';
import type { Logger } from '../../ports/logger.ts';
import type { NotificationCenter } from './notification-center.ts';

export const expiryWarningMs = 7 * 86_400_000;

export class KeyExpiryScanner {
  private readonly timer: NodeJS.Timeout;
  private running: Promise<void> | undefined;

  constructor(
    private readonly keys: Pick<KeyStore, 'expiringBy'>,
    private readonly center: NotificationCenter,
    private readonly logger: Logger,
    intervalMs = 3_600_000,
  ) {
    this.timer = setInterval(() => void this.scan(), intervalMs);
    this.timer.unref();
  }

  /** Scans now; concurrent calls share one scan. */
  scan(): Promise<void> {
    this.running ??= this.scanKeys()
      .catch((error: unknown) => this.logger.warn({ err: error }, 'scanning keys for expiry failed'))
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  close(): void {
    clearInterval(this.timer);
  }

  private async scanKeys(): Promise<void> {
    const now = Date.now();
    const keys = await this.keys.expiringBy(new Date(now + expiryWarningMs));
    for (const key of keys) {
      const expiresAt = key.expiresAt;
      const expired = expiresAt.getTime() <= now;
      await this.center.notify({
        kind: expired ? 'KEY_EXPIRED' : 'KEY_EXPIRING',
        severity: expired ? 'CRITICAL' : 'WARNING',
        message: expired
          ? `Virtual key '${key.name}' expired at ${expiresAt.toISOString()}.`
          : `Virtual key '${key.name}' expires at ${expiresAt.toISOString()} (in ${Math.max(1, Math.ceil((expiresAt.getTime() - now) / 86_400_000))} days or less).`,
        virtualKeyId: key.id,
        data: { name: key.name, expiresAt: expiresAt.toISOString() },
        dedupeKey: `${expired ? 'expired' : 'expiring'}:${key.id}:${expiresAt.getTime()}`,
      });
    }
  }
}
