/**
 * A GraphQL subscription as a reactive value: it opens when a component (or effect) first reads
 * `latest` and closes when the last reader goes away (Svelte's createSubscriber), so a page that is
 * left stops its subscriptions by itself. `onValue` lets a state class fold each event in (the
 * request log's `receive`, for instance) instead of keeping only the latest.
 */
import { createSubscriber } from 'svelte/reactivity';
import type { SubscriptionSink } from '../graphql/graphql-client.ts';
import { errorMessage } from '../graphql/graphql-request-error.ts';

export type OpenSubscription<T> = (sink: SubscriptionSink<T>) => () => void;

export class LiveSubscription<T> {
  #latest = $state.raw<T | undefined>();
  error = $state<string | undefined>();
  connected = $state(false);
  readonly #track: () => void;

  constructor(open: OpenSubscription<T>, onValue?: (value: T) => void) {
    this.#track = createSubscriber(() => {
      this.connected = true;
      this.error = undefined;
      const close = open({
        next: (value) => {
          this.#latest = value;
          onValue?.(value);
        },
        error: (error) => {
          this.error = errorMessage(error);
          this.connected = false;
        },
        complete: () => {
          this.connected = false;
        },
      });
      return () => {
        close();
        this.connected = false;
      };
    });
  }

  /** The last value received; reading it (in an effect or template) keeps the subscription open. */
  get latest(): T | undefined {
    this.#track();
    return this.#latest;
  }
}
