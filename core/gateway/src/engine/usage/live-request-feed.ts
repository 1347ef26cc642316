/**
 * What a finished request tells live admin clients, as soon as it is appended to the log (not when
 * the batch is written): `requestLogged` with the row, `spendChanged` once its spend is counted, and
 * its share of this instance's live statistics. Publishing never waits on anyone, and is skipped
 * when no instance has a subscriber.
 */
import { nanosToUsd } from '../../domain/money.ts';
import type { EventBus, RequestLoggedEvent } from '../../ports/event-bus.ts';
import type { LiveStatsTicker } from '../metrics/live-stats.ts';

export const requestLoggedTopic = 'conduit:requestLogged' as 'requestLogged';
export const spendChangedTopic = 'conduit:spendChanged' as 'spendChanged';

export class LiveRequestFeed {
  constructor(
    private readonly events: EventBus,
    private readonly stats: LiveStatsTicker,
  ) {}

  logged(row: Omit<RequestLoggedEvent, 'createdAt'> & { createdAt: Date }, counted: Promise<unknown> | undefined): void {
    if (this.events.listening(requestLoggedTopic)) this.events.pubSub.publish(requestLoggedTopic, { ...row, createdAt: row.createdAt.toISOString() });
    this.stats.observe({ status: row.status, latencyMs: row.latencyMs, tokens: row.totalTokens ?? 0, cost: nanosToUsd(row.costNanos) });
    const virtualKeyId = row.virtualKeyId;
    if (virtualKeyId && row.costNanos > 0 && this.events.listening(spendChangedTopic)) {
      const publish = (): void => this.events.pubSub.publish(spendChangedTopic, { virtualKeyId });
      if (counted) void counted.then(publish, publish);
      else publish();
    }
  }
}
