/**
 * Subscribers to the admin API's GraphQL subscriptions, through the real client libraries:
 * `graphql-ws` over WebSocket and `graphql-sse` over SSE. Each collects what it receives so tests can
 * await "the next event", and ends when the server completes the subscription.
 */
import WebSocket from 'ws';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import { createClient as createSseClient } from 'graphql-sse';
import type { FormattedExecutionResult as ExecutionResult } from 'graphql';

export interface Collected<T = Record<string, unknown>> {
  results: Array<ExecutionResult<T>>;
  /** Resolves with the next result whose data passes `match` (from those already received, or later). */
  next(match?: (result: ExecutionResult<T>) => boolean, timeoutMs?: number): Promise<ExecutionResult<T>>;
  /** Resolves when the subscription ended: `complete`, or rejects with its error. */
  ended: Promise<void>;
  stop(): Promise<void>;
}

function collect<T>(iterator: AsyncIterableIterator<ExecutionResult<T>>): Collected<T> {
  const results: Array<ExecutionResult<T>> = [];
  const waiters = new Set<() => void>();
  const ended = (async () => {
    try {
      for await (const result of iterator) {
        results.push(result);
        for (const wake of waiters) wake();
      }
    } finally {
      for (const wake of waiters) wake();
    }
  })();
  ended.catch(() => {});
  let seen = 0;
  return {
    results,
    ended,
    async next(match = () => true, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        while (seen < results.length) {
          const result = results[seen++]!;
          if (match(result)) return result;
        }
        const remaining = deadline - Date.now();
        if (remaining <= 0) throw new Error(`no matching subscription result within ${timeoutMs} ms (got ${JSON.stringify(results)})`);
        let finished = false;
        await Promise.race([
          new Promise<void>((resolve) => {
            const wake = (): void => {
              waiters.delete(wake);
              resolve();
            };
            waiters.add(wake);
            setTimeout(wake, remaining).unref();
          }),
          ended.then(
            () => {
              finished = true;
            },
            () => {
              finished = true;
            },
          ),
        ]);
        if (finished && seen >= results.length) throw new Error(`the subscription ended without a matching result (got ${JSON.stringify(results)})`);
      }
    },
    async stop() {
      await iterator.return?.();
    },
  };
}

export interface WsSubscriber {
  client: WsClient;
  subscribe<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Collected<T>;
  /** The close event's code and reason, once the socket closed. */
  closed: Promise<{ code: number; reason: string }>;
  /** Resolves once the connection was acknowledged. */
  connected: Promise<void>;
  dispose(): Promise<void>;
}

export function wsSubscriber(baseUrl: string, authorization: string | undefined): WsSubscriber {
  let onClosed!: (event: { code: number; reason: string }) => void;
  const closed = new Promise<{ code: number; reason: string }>((resolve) => (onClosed = resolve));
  let onConnected!: () => void;
  const connected = new Promise<void>((resolve) => (onConnected = resolve));
  const client = createWsClient({
    url: `${baseUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: authorization === undefined ? {} : { authorization },
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => {},
    on: {
      connected: () => onConnected(),
      closed: (event) => {
        const { code, reason } = event as { code: number; reason: string };
        onClosed({ code, reason: String(reason) });
      },
    },
  });
  return {
    client,
    closed,
    connected,
    subscribe: (query, variables) => collect(client.iterate({ query, variables })),
    dispose: async () => client.dispose(),
  };
}

export function sseSubscribe<T = Record<string, unknown>>(
  baseUrl: string,
  authorization: string,
  query: string,
  variables?: Record<string, unknown>,
): Collected<T> {
  const client = createSseClient({ url: `${baseUrl}/graphql`, headers: { authorization }, retryAttempts: 0 });
  return collect(client.iterate<T>({ query, variables }) as AsyncIterableIterator<ExecutionResult<T>>);
}
