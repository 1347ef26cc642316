/**
 * How long raw request logs are kept (`requestLogRetentionDays`, default 30; rollups are kept), and the
 * purge that applies it: hourly in the background, or on demand.
 */
import { z } from 'zod';
import type { SettingStore } from '../ports/setting-store.ts';
import type { RequestLogPurger } from '../infrastructure/database/request-log-purger.ts';
import type { Logger } from '../ports/logger.ts';
import { InputError } from './input-error.ts';

export const retentionSettingKey = 'requestLogRetentionDays';
export const defaultRetentionDays = 30;
const daySchema = z.number().int().min(1).max(3650);
const dayMs = 86_400_000;

export class RequestLogRetentionService {
  private timer: NodeJS.Timeout | undefined;
  private readonly stopping = new AbortController();
  private running: Promise<number> | undefined;

  constructor(
    private readonly purger: RequestLogPurger,
    private readonly logger: Logger,
    private readonly settings: SettingStore,
  ) {}

  days(): Promise<number> {
    return this.settings.read(retentionSettingKey, daySchema, defaultRetentionDays);
  }

  async setDays(days: number): Promise<number> {
    if (!daySchema.safeParse(days).success) throw new InputError('days', 'must be a whole number of days from 1 to 3650');
    await this.settings.write(retentionSettingKey, days);
    return days;
  }

  /** Deletes raw rows older than the retention now; returns how many (one purge at a time). */
  purgeNow(): Promise<number> {
    this.running ??= (async () => {
      try {
        const cutoff = new Date(Date.now() - (await this.days()) * dayMs);
        return await this.purger.purgeBefore(cutoff, this.stopping.signal);
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  start(everyMs = 3_600_000): void {
    const run = (): void => {
      this.purgeNow().then(
        (deleted) => {
          if (deleted > 0) this.logger.info({ deleted }, 'purged request logs past their retention');
        },
        (error: unknown) => this.logger.warn({ err: error }, 'purging old request logs failed; will retry'),
      );
    };
    this.timer = setInterval(run, everyMs);
    this.timer.unref();
    setTimeout(run, 60_000).unref();
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.stopping.abort();
    await this.running?.catch(() => 0);
  }
}
