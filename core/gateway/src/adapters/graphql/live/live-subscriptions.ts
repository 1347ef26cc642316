/**
 * Where GraphQL subscription fields get their events: a topic of the event bus (Redis pub/sub with
 * several instances), behind a bounded per-subscriber queue. Closing it ends every open subscription
 * cleanly (the transports send `complete`), which is how subscriptions end on shutdown.
 */
import { setMaxListeners } from 'node:events';
import type { PubSub } from 'graphql-yoga';
import type { GatewayEvents } from '../../../ports/event-bus.ts';
import { boundedSubscription } from './bounded-subscription.ts';

type Topic = keyof GatewayEvents & string;
type Payload<K extends Topic> = GatewayEvents[K][0];

export interface LiveSubscriptionOptions {
  /** Events one subscriber may have waiting before it is closed as too slow. */
  maxQueuedPerSubscriber: number;
}

export class LiveSubscriptions {
  private readonly shutdown = new AbortController();
  private openCount = 0;

  constructor(
    private readonly pubSub: PubSub<GatewayEvents>,
    private readonly options: LiveSubscriptionOptions,
  ) {
    // Every open subscription listens for the shutdown: many are expected, not a leak.
    setMaxListeners(0, this.shutdown.signal);
  }

  /** Events of one topic, as published (by any instance), that pass `filter`. */
  subscribe<K extends Topic>(topic: K, filter?: (event: Payload<K>) => boolean): AsyncIterableIterator<Payload<K>> {
    if (this.shutdown.signal.aborted) return boundedSubscription<Payload<K>>(emptyIterable(), { maxQueued: 0, signal: this.shutdown.signal });
    this.openCount += 1;
    const source = (this.pubSub.subscribe as (name: string) => AsyncIterable<Payload<K>>)(`conduit:${topic}`);
    return boundedSubscription(source, {
      maxQueued: this.options.maxQueuedPerSubscriber,
      filter,
      signal: this.shutdown.signal,
      onEnd: () => {
        this.openCount -= 1;
      },
    });
  }

  /** Subscriptions open on this instance. */
  get open(): number {
    return this.openCount;
  }

  /** Ends every subscription; later ones end at once. */
  close(): void {
    this.shutdown.abort();
  }
}

async function* emptyIterable<T>(): AsyncGenerator<T> {}
