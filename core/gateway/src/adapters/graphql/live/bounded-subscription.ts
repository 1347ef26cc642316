/**
 * One subscriber's view of a pub/sub topic, with a bounded queue: events are pulled from the topic as
 * they come (the publisher never waits), filtered, and queued until the transport takes them. A
 * subscriber that lets more than `maxQueued` events pile up is ended with a clear error instead of
 * growing memory or slowing anyone else. Ends quietly when `signal` aborts (the gateway stops).
 */
import { GraphQLError } from 'graphql';

export interface BoundedSubscriptionOptions<T> {
  maxQueued: number;
  filter?: (event: T) => boolean;
  signal: AbortSignal;
  onEnd?: () => void;
}

export class SubscriberTooSlowError extends GraphQLError {
  constructor(maxQueued: number) {
    super(`Subscription closed: the client fell behind by more than ${maxQueued} events (read faster, or subscribe with narrower filters)`, {
      extensions: { code: 'SUBSCRIBER_TOO_SLOW' },
    });
  }
}

export function boundedSubscription<T>(source: AsyncIterable<T>, options: BoundedSubscriptionOptions<T>): AsyncIterableIterator<T> {
  return new BoundedQueue(source, options);
}

class BoundedQueue<T> implements AsyncIterableIterator<T> {
  private readonly queue: T[] = [];
  private readonly upstream: AsyncIterator<T>;
  private waiting: ((result: IteratorResult<T>) => void) | undefined;
  private waitingFailed: ((error: unknown) => void) | undefined;
  private failure: unknown;
  private ended = false;

  constructor(
    source: AsyncIterable<T>,
    private readonly options: BoundedSubscriptionOptions<T>,
  ) {
    this.upstream = source[Symbol.asyncIterator]();
    if (options.signal.aborted) this.end();
    else options.signal.addEventListener('abort', this.onAbort, { once: true });
    void this.pump();
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }

  next(): Promise<IteratorResult<T>> {
    if (this.failure !== undefined) {
      const failure = this.failure;
      this.failure = undefined;
      return Promise.reject(failure);
    }
    if (this.queue.length > 0) return Promise.resolve({ value: this.queue.shift()!, done: false });
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.waiting = resolve;
      this.waitingFailed = reject;
    });
  }

  return(): Promise<IteratorResult<T>> {
    this.queue.length = 0;
    this.failure = undefined;
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error: unknown): Promise<IteratorResult<T>> {
    this.end();
    return Promise.reject(error);
  }

  private readonly onAbort = (): void => this.end();

  private async pump(): Promise<void> {
    try {
      for (;;) {
        const result = await this.upstream.next();
        if (result.done || this.ended) break;
        if (this.options.filter && !this.options.filter(result.value)) continue;
        if (this.waiting) {
          this.settle({ value: result.value, done: false });
        } else if (this.queue.length >= this.options.maxQueued) {
          this.fail(new SubscriberTooSlowError(this.options.maxQueued));
          return;
        } else {
          this.queue.push(result.value);
        }
      }
    } catch (error) {
      this.fail(error);
      return;
    }
    this.end();
  }

  private settle(result: IteratorResult<T>): void {
    const resolve = this.waiting!;
    this.waiting = undefined;
    this.waitingFailed = undefined;
    resolve(result);
  }

  private fail(error: unknown): void {
    this.queue.length = 0;
    if (this.waitingFailed) {
      const reject = this.waitingFailed;
      this.waiting = undefined;
      this.waitingFailed = undefined;
      reject(error);
    } else {
      this.failure = error;
    }
    this.end();
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    this.options.signal.removeEventListener('abort', this.onAbort);
    void this.upstream.return?.();
    if (this.waiting) this.settle({ value: undefined, done: true });
    this.options.onEnd?.();
  }
}
