/**
 * Router state shared through Redis: breaker transitions are published on a channel and kept in a
 * hash (so a starting instance learns which breakers are open), each instance's statistics sit in
 * another hash under its id, and periodic jobs take a short lock. Nothing here is on a request's path:
 * publishing is fire-and-forget and the rest runs on timers. When Redis is unreachable the instance
 * carries on with what it knows locally.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from '../../ports/logger.ts';
import type { BreakerTransition } from './circuit-breaker.ts';
import type { StatsReport } from './deployment-stats.ts';
import type { RouterSync } from './router-sync.ts';

interface Envelope<T> {
  origin: string;
  at: number;
  body: T;
}

/** Another instance's statistics older than this are ignored (it has stopped or lost Redis). */
const staleStatsMs = 5_000;

export function createRedisRouterSync(options: { redisUrl: string; logger: Logger; prefix?: string }): RouterSync {
  const prefix = options.prefix ?? 'conduit:router';
  const keys = {
    breakers: `${prefix}:breakers`,
    channel: `${prefix}:breaker-events`,
    stats: `${prefix}:stats`,
    lock: (name: string) => `${prefix}:lock:${name}`,
  };
  const instanceId = randomUUID();
  const connection = { maxRetriesPerRequest: 1, connectTimeout: 5_000 };
  const commands = new Redis(options.redisUrl, connection);
  let subscriber: Redis | undefined;
  let subscribed: Promise<void> = Promise.resolve();
  const listeners: Array<(transition: BreakerTransition) => void> = [];
  const warn = (error: unknown, what: string) => options.logger.warn({ err: error }, `router state sharing through Redis: ${what} failed`);
  commands.on('error', (error) => warn(error, 'the connection'));

  return {
    instanceId,
    publishBreaker(transition) {
      const message = JSON.stringify({ origin: instanceId, at: Date.now(), body: transition } satisfies Envelope<BreakerTransition>);
      const write = commands.multi();
      if (transition.state === 'open') write.hset(keys.breakers, transition.deploymentId, JSON.stringify(transition));
      else write.hdel(keys.breakers, transition.deploymentId);
      write.publish(keys.channel, message);
      write.exec().catch((error: unknown) => warn(error, 'publishing a breaker change'));
    },
    onBreaker(listener) {
      listeners.push(listener);
      if (subscriber) return subscribed;
      subscriber = new Redis(options.redisUrl, { ...connection, maxRetriesPerRequest: null });
      subscriber.on('error', (error) => warn(error, 'the subscription'));
      subscriber.on('message', (_channel: string, text: string) => {
        let envelope: Envelope<BreakerTransition>;
        try {
          envelope = JSON.parse(text) as Envelope<BreakerTransition>;
        } catch {
          return;
        }
        if (envelope.origin === instanceId) return;
        for (const each of listeners) each(envelope.body);
      });
      subscribed = subscriber.subscribe(keys.channel).then(
        () => undefined,
        (error: unknown) => warn(error, 'subscribing to breaker changes'),
      );
      return subscribed;
    },
    async openBreakers() {
      try {
        const all = await commands.hgetall(keys.breakers);
        return Object.values(all).map((text) => JSON.parse(text) as BreakerTransition);
      } catch (error) {
        warn(error, 'reading open breakers');
        return [];
      }
    },
    async exchangeStats(report) {
      try {
        const now = Date.now();
        const [, all] = (await commands
          .multi()
          .hset(keys.stats, instanceId, JSON.stringify({ origin: instanceId, at: now, body: report } satisfies Envelope<StatsReport>))
          .hgetall(keys.stats)
          .exec()) as [[Error | null, unknown], [Error | null, Record<string, string>]];
        const others: StatsReport[] = [];
        const stale: string[] = [];
        for (const [id, text] of Object.entries(all[1] ?? {})) {
          if (id === instanceId) continue;
          const envelope = JSON.parse(text) as Envelope<StatsReport>;
          if (now - envelope.at > staleStatsMs * 4) stale.push(id);
          else if (now - envelope.at <= staleStatsMs) others.push(envelope.body);
        }
        if (stale.length > 0) await commands.hdel(keys.stats, ...stale);
        return others;
      } catch (error) {
        warn(error, 'exchanging statistics');
        return [];
      }
    },
    async tryLock(name, ttlMs) {
      try {
        return (await commands.set(keys.lock(name), instanceId, 'PX', Math.max(1, Math.round(ttlMs)), 'NX')) === 'OK';
      } catch (error) {
        // Better every instance checking than none.
        warn(error, 'taking a lock');
        return true;
      }
    },
    async close() {
      await commands.hdel(keys.stats, instanceId).catch(() => undefined);
      commands.disconnect();
      subscriber?.disconnect();
    },
  };
}
