/**
 * The one way the UI talks to the admin API: queries and mutations over fetch (POST /graphql), and
 * subscriptions through a pluggable transport (graphql-ws once the server offers it, see
 * subscription-transport.ts). Every call carries the admin key as a Bearer token.
 */
import { print } from '@0no-co/graphql.web';
import type { TadaDocumentNode } from 'gql.tada';
import { GraphQLRequestError, type GraphQLErrorEntry } from './graphql-request-error.ts';

export interface SubscriptionSink<T> {
  next(value: T): void;
  error(error: unknown): void;
  complete(): void;
}

/** Opens one subscription; returns how to end it. */
export type SubscriptionTransport = <T>(
  request: { query: string; variables?: Record<string, unknown> },
  sink: SubscriptionSink<T>,
) => () => void;

export interface GraphQLClientOptions {
  endpoint: string;
  /** Read at each call, so signing in or out takes effect at once. */
  credential: () => string | undefined;
  /** Told when the server refuses the credential. */
  onUnauthenticated?: () => void;
  fetch?: typeof fetch;
  subscriptions?: SubscriptionTransport;
}

type Variables<V> = V extends Record<string, never> ? [variables?: V] : [variables: V];

export class GraphQLClient {
  readonly #options: GraphQLClientOptions;

  constructor(options: GraphQLClientOptions) {
    this.#options = options;
  }

  async request<R, V>(document: TadaDocumentNode<R, V>, ...[variables]: Variables<V>): Promise<R> {
    return this.requestText<R>(print(document), variables as Record<string, unknown> | undefined);
  }

  /** For callers that hold a document's text (tests, the credential check at sign-in). */
  async requestText<R>(query: string, variables?: Record<string, unknown>, credential = this.#options.credential()): Promise<R> {
    const doFetch = this.#options.fetch ?? globalThis.fetch.bind(globalThis);
    let response: Response;
    try {
      response = await doFetch(this.#options.endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json, application/json',
          ...(credential ? { authorization: `Bearer ${credential}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
      });
    } catch (error) {
      throw new GraphQLRequestError([{ message: `The gateway cannot be reached (${error instanceof Error ? error.message : String(error)})` }]);
    }
    const body = (await response.json().catch(() => undefined)) as { data?: R | null; errors?: GraphQLErrorEntry[] } | undefined;
    if (!body) throw new GraphQLRequestError([{ message: `The gateway answered HTTP ${response.status} without a GraphQL body` }], response.status);
    if (body.errors?.length) {
      const error = new GraphQLRequestError(body.errors, response.status);
      if (error.unauthenticated) this.#options.onUnauthenticated?.();
      throw error;
    }
    if (body.data == null) throw new GraphQLRequestError([{ message: 'The gateway answered without data' }], response.status);
    return body.data;
  }

  /** Subscribes through the configured transport; without one, says so through the sink. */
  subscribe<R, V>(document: TadaDocumentNode<R, V>, variables: V, sink: SubscriptionSink<R>): () => void {
    const transport = this.#options.subscriptions;
    if (!transport) {
      sink.error(new GraphQLRequestError([{ message: 'Live updates are not available: no subscription transport' }]));
      return () => {};
    }
    return transport<R>({ query: print(document), variables: variables as Record<string, unknown> }, sink);
  }
}
