/** Where provider health changes are published on the event bus (Redis pub/sub with several instances). */
import type { EventBus, ProviderHealthChangedEvent } from '../../ports/event-bus.ts';

export const providerHealthTopic = 'conduit:providerHealthChanged' as 'providerHealthChanged';

export function publishProviderHealthChanged(events: EventBus, event: ProviderHealthChangedEvent): void {
  events.pubSub.publish(providerHealthTopic, event);
}

/** Calls `listener` for every change published by any instance; returns a stop function. */
export function onProviderHealthChanged(events: EventBus, listener: (event: ProviderHealthChangedEvent) => void): () => Promise<void> {
  const iterator = events.pubSub.subscribe(providerHealthTopic)[Symbol.asyncIterator]();
  const pump = (async () => {
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      listener(next.value);
    }
  })();
  return async () => {
    await iterator.return?.();
    await pump;
  };
}
