/**
 * Events between the parts of one gateway and, with Redis, between gateway instances: configuration
 * changes (every instance reloads) and, later, what GraphQL subscriptions relay. Built on
 * graphql-yoga's pub/sub so subscriptions and internal listeners share one channel.
 */
import { createPubSub, type PubSub } from 'graphql-yoga';
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { Redis } from 'ioredis';
import { setMaxListeners } from 'node:events';
import type { Logger } from '../../ports/logger.ts';
import { warnOncePerRedisOutage } from '../redis-outage-warning.ts';
import type { ConfigEntity, ConfigChangedEvent, ProviderHealthChangedEvent, GatewayEvents, EventBus } from '../../ports/event-bus.ts';

export type { ConfigEntity, ConfigChangedEvent, ProviderHealthChangedEvent, GatewayEvents, EventBus };

export function createEventBus(options: { redisUrl?: string; channelPrefix?: string; logger?: Logger }): EventBus {
  let connections: Redis[] = [];
  let publishConnection: Redis | undefined;
  let closed = false;
  let pubSub: PubSub<GatewayEvents>;
  /** Listeners on this instance, by topic. */
  const local = new Map<string, number>();
  const count = (topic: string, change: number): void => {
    const next = (local.get(topic) ?? 0) + change;
    if (next > 0) local.set(topic, next);
    else local.delete(topic);
  };
  /** Topics someone asked about with `listening`, and what Redis last said about their subscribers elsewhere. */
  const remote = new Map<string, number>();
  let pollTimer: NodeJS.Timeout | undefined;
  const prefix = options.channelPrefix ?? 'conduit';
  const topic = `${prefix}:configChanged` as 'configChanged';
  /** Settles once Redis acknowledged this instance's subscription to config changes (at once in-process). */
  let configSubscribed: (subscribed: Promise<unknown>) => void = () => {};
  let configChangesArrive: Promise<unknown> = Promise.resolve();
  if (options.redisUrl) {
    configChangesArrive = new Promise((resolve) => (configSubscribed = resolve));
    const publishClient = new Redis(options.redisUrl, { lazyConnect: false, maxRetriesPerRequest: null });
    const subscribeClient = new Redis(options.redisUrl, { lazyConnect: false, maxRetriesPerRequest: null });
    connections = [publishClient, subscribeClient];
    warnOncePerRedisOutage(publishClient, options.logger, 'events: publishing');
    warnOncePerRedisOutage(subscribeClient, options.logger, 'events: subscription');
    publishConnection = publishClient;
    // The event target fires its Redis commands without awaiting them: a command failing (Redis away,
    // or the bus closing while a late event is published) must not become an unhandled rejection.
    const ignoreFailure = (): number => 0;
    const publisher = {
      publish: (channel: string, message: string) => (closed ? Promise.resolve(0) : publishClient.publish(channel, message).catch(ignoreFailure)),
    };
    const subscriber = {
      on: (event: 'message', listener: (channel: string, message: string) => void) => subscribeClient.on(event, listener),
      subscribe: (channel: string) => {
        count(channel, 1);
        const subscribed = closed ? Promise.resolve(0) : subscribeClient.subscribe(channel).catch(ignoreFailure);
        if (channel === topic) configSubscribed(subscribed);
        return subscribed;
      },
      unsubscribe: (channel: string) => {
        count(channel, -1);
        return closed ? Promise.resolve(0) : subscribeClient.unsubscribe(channel).catch(ignoreFailure);
      },
    };
    // Instances that subscribe a channel show up in PUBSUB NUMSUB; checked twice a second for the
    // topics publishers asked about, so an event nobody listens to is never sent to Redis.
    pollTimer = setInterval(() => {
      if (remote.size === 0 || closed) return;
      const topics = [...remote.keys()];
      publishClient.pubsub('NUMSUB', ...topics).then(
        (reply) => {
          const pairs = reply as Array<string | number>;
          for (let index = 0; index + 1 < pairs.length; index += 2) remote.set(String(pairs[index]), Number(pairs[index + 1]));
        },
        () => {
          // Redis away: keep publishing (the publish itself fails quietly) rather than miss events.
          for (const topic of topics) remote.set(topic, 1);
        },
      );
    }, 500);
    pollTimer.unref();
    pubSub = createPubSub<GatewayEvents>({
      eventTarget: createRedisEventTarget({ publishClient: publisher as unknown as Redis, subscribeClient: subscriber as unknown as Redis }),
    });
  } else {
    // One listener per GraphQL subscription: many are expected, not a leak.
    const eventTarget = new (class CountingEventTarget extends EventTarget {
      override addEventListener(...args: Parameters<EventTarget['addEventListener']>): void {
        count(args[0], 1);
        super.addEventListener(...args);
      }
      override removeEventListener(...args: Parameters<EventTarget['removeEventListener']>): void {
        count(args[0], -1);
        super.removeEventListener(...args);
      }
    })();
    setMaxListeners(0, eventTarget);
    pubSub = createPubSub<GatewayEvents>({ eventTarget });
  }

  const listeners = new Set<(event: ConfigChangedEvent) => void>();
  let pump: Promise<void> | undefined;
  let iterator: AsyncIterator<ConfigChangedEvent> | undefined;

  const startPump = (): void => {
    if (pump) return;
    const iterable = pubSub.subscribe(topic);
    iterator = iterable[Symbol.asyncIterator]();
    pump = (async () => {
      for (;;) {
        const next = await iterator!.next();
        if (next.done) return;
        for (const listener of listeners) listener(next.value);
      }
    })();
  };

  return {
    pubSub,
    publishConfigChanged(event) {
      pubSub.publish(topic, event);
    },
    listening(topic) {
      if (local.has(topic)) return true;
      if (!options.redisUrl) return false;
      const known = remote.get(topic);
      // First ask: publish until the first answer says otherwise.
      if (known === undefined) remote.set(topic, 1);
      return (known ?? 1) > 0;
    },
    onConfigChanged(listener) {
      listeners.add(listener);
      startPump();
      return () => listeners.delete(listener);
    },
    async configChangesArrive() {
      await configChangesArrive;
    },
    async ping() {
      if (!publishConnection) return true;
      return (await publishConnection.ping()) === 'PONG';
    },
    async close() {
      await iterator?.return?.();
      await pump;
      closed = true;
      clearInterval(pollTimer);
      // QUIT is answered after what was sent before it (the event target's UNSUBSCRIBE, not awaited
      // by it), so nothing pending is cut into an unhandled rejection; bounded for a Redis that hangs.
      await Promise.all(
        connections.map((connection) =>
          Promise.race([connection.quit().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 1_000).unref())]),
        ),
      );
      for (const connection of connections) connection.disconnect();
    },
  };
}
