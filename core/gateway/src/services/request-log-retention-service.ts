/**
 * How long raw request logs are kept (`requestLogRetentionDays`, default 30; rollups are kept), and the
 * purge that applies it: hourly in the background, or on demand. Stored responses (the Responses API's
 * `store`) are kept as long and purged with them.
 */
import { z } from 'zod';
import type { SettingStore } from '../ports/setting-store.ts';
import { outsideAdminTransaction } from '../infrastructure/database/admin-transactions.ts';
import type { RequestLogPurger } from '../infrastructure/database/request-log-purger.ts';
import type { Logger } from '../ports/logger.ts';
import { InputError } from './input-error.ts';

export const retentionSettingKey = 'requestLogRetentionDays';
export const defaultRetentionDays = 30;
const daySchema = z.number().int().min(1).max(3650);
const dayMs = 86_400_000;

/** Rows kept for the same retention as the request logs (stored responses), purged after them. */
export interface RetainedRows {
  purgeBefore(cutoff: Date, signal?: AbortSignal): Promise<number>;
}

export class RequestLogRetentionService {
  private timer: NodeJS.Timeout | undefined;
  private readonly stopping = new AbortController();
  private running: Promise<number> | undefined;

  constructor(
    private readonly purger: RequestLogPurger,
    private readonly logger: Logger,
    private readonly settings: SettingStore,
    private readonly alsoRetained: readonly RetainedRows[] = [],
  ) {}

  days(): Promise<number> {
    return this.settings.read(retentionSettingKey, daySchema, defaultRetentionDays);
  }

  async setDays(days: number): Promise<number> {
    if (!daySchema.safeParse(days).success) throw new InputError('days', 'must be a whole number of days from 1 to 3650');
    await this.settings.write(retentionSettingKey, days);
    return days;
  }

  /** Deletes raw rows older than the retention now; returns how many request logs (one purge at a time). */
  purgeNow(): Promise<number> {
    // Batch by batch, each committed on its own so the log writer never waits long: not inside the
    // purgeRequestLogs mutation's transaction (which then holds only its audit row).
    this.running ??= outsideAdminTransaction(async () => {
      try {
        const cutoff = new Date(Date.now() - (await this.days()) * dayMs);
        const deleted = await this.purger.purgeBefore(cutoff, this.stopping.signal);
        for (const rows of this.alsoRetained) await rows.purgeBefore(cutoff, this.stopping.signal);
        return deleted;
      } finally {
        this.running = undefined;
      }
    });
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
