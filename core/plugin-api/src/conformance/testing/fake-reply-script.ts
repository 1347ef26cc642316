/**
 * The provider-neutral bookkeeping behind a fake upstream: the queue of scripted replies and the
 * requests received, read back as ObservedRequests, with the hooks plugin tests use beyond the
 * conformance interface (waiting for a request, counting unused replies, starting over).
 */
import type { ObservedRequest, ScriptedReply } from '../fake-upstream.ts';

export interface FakeReplyScript<Reply = ScriptedReply> {
  /** Queues the answer to the next request that takes one. */
  enqueue(reply: Reply): void;
  /** Takes the next queued reply; undefined when none is queued (the fake then answers its default). */
  next(): Reply | undefined;
  /** Replies queued and not taken yet. */
  pending(): number;
  /** Records a request the fake received. */
  record(request: ObservedRequest): void;
  /** The most recent request recorded. Throws when none was. */
  lastRequest(): ObservedRequest;
  /** The requests recorded since the start or the last reset, oldest first. */
  requests(): ObservedRequest[];
  /** Resolves with the `count`-th request (counting from 1, since the start or the last reset) once it is recorded. */
  waitForRequests(count: number): Promise<ObservedRequest>;
  /** Forgets queued replies and recorded requests. */
  reset(): void;
}

/** `fakeName` names the fake in error messages, e.g. `the fake Acme upstream`. */
export function createFakeReplyScript<Reply = ScriptedReply>(fakeName: string): FakeReplyScript<Reply> {
  let queue: Reply[] = [];
  let observed: ObservedRequest[] = [];
  let waiters: Array<{ count: number; resolve: (request: ObservedRequest) => void }> = [];
  return {
    enqueue(reply) {
      queue.push(reply);
    },
    next: () => queue.shift(),
    pending: () => queue.length,
    record(request) {
      observed.push(request);
      const ready = waiters.filter((waiter) => observed.length >= waiter.count);
      waiters = waiters.filter((waiter) => observed.length < waiter.count);
      for (const waiter of ready) waiter.resolve(observed[waiter.count - 1]!);
    },
    lastRequest() {
      const last = observed.at(-1);
      if (!last) throw new Error(`${fakeName} has received no request`);
      return last;
    },
    requests: () => [...observed],
    waitForRequests(count) {
      if (observed.length >= count) return Promise.resolve(observed[count - 1]!);
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
    reset() {
      queue = [];
      observed = [];
    },
  };
}
