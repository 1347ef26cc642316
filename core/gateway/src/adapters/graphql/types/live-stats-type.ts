import { GraphQLError } from 'graphql';
import { builder } from '../builder.ts';
import { mergeLiveStats, type LiveStats } from '../../../engine/metrics/live-stats.ts';
import type { LiveStatsTick } from '../../../ports/event-bus.ts';

const LiveStatsType = builder.objectRef<LiveStats>('LiveStats').implement({
  description: 'What every instance served in the last interval, merged.',
  fields: (t) => ({
    at: t.field({ type: 'DateTime', description: 'The end of the interval.', resolve: (stats) => stats.at }),
    intervalSeconds: t.exposeInt('intervalSeconds'),
    requestsPerSecond: t.exposeFloat('requestsPerSecond'),
    errorsPerSecond: t.exposeFloat('errorsPerSecond', { description: 'Responses with status 400 or more.' }),
    latencyMsP50: t.float({ nullable: true, description: 'From a fixed-bucket histogram (interpolated); null without requests.', resolve: (stats) => stats.latencyMsP50 }),
    latencyMsP95: t.float({ nullable: true, resolve: (stats) => stats.latencyMsP95 }),
    tokensPerSecond: t.exposeFloat('tokensPerSecond'),
    costPerMinute: t.exposeFloat('costPerMinute', { description: 'USD.' }),
    requestsInFlight: t.exposeInt('requestsInFlight', { description: 'Upstream calls running at the end of the interval, all instances.' }),
    instances: t.exposeInt('instances', { description: 'Instances that reported in the interval.' }),
  }),
});

builder.subscriptionField('liveStats', (t) =>
  t.field({
    type: LiveStatsType,
    description: 'One result per interval, merged across every instance.',
    args: { intervalSeconds: t.arg.int({ defaultValue: 5, description: '1 to 300.' }) },
    subscribe: (_root, args, { live }) => {
      const intervalSeconds = args.intervalSeconds ?? 5;
      if (intervalSeconds < 1 || intervalSeconds > 300) {
        throw new GraphQLError('intervalSeconds must be between 1 and 300', { extensions: { code: 'BAD_USER_INPUT', field: 'intervalSeconds' } });
      }
      return everyInterval(live.subscribe('liveStatsTick'), intervalSeconds);
    },
    resolve: (stats) => stats,
  }),
);

const maxHeldTicks = 10_000;

/** Collects ticks as they arrive and yields their merge once per interval, until the ticks end. */
async function* everyInterval(ticks: AsyncIterableIterator<LiveStatsTick>, intervalSeconds: number): AsyncGenerator<LiveStats> {
  const received: LiveStatsTick[] = [];
  let ended = false;
  let failure: unknown;
  const pump = (async () => {
    try {
      for await (const tick of ticks) {
        received.push(tick);
        // A consumer that stopped reading keeps only the latest ticks.
        if (received.length > maxHeldTicks) received.splice(0, received.length - maxHeldTicks);
      }
    } catch (error) {
      failure = error;
    } finally {
      ended = true;
    }
  })();
  try {
    for (;;) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([new Promise((resolve) => (timer = setTimeout(resolve, intervalSeconds * 1000))), pump]);
      clearTimeout(timer);
      if (failure !== undefined) throw failure;
      if (ended) return;
      yield mergeLiveStats(received.splice(0), intervalSeconds, new Date());
    }
  } finally {
    await ticks.return?.();
  }
}
