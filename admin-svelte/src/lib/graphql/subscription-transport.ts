/**
 * GraphQL subscriptions over graphql-ws (subprotocol graphql-transport-ws) on /graphql. Browsers cannot
 * set headers on a WebSocket, so the admin key travels in connectionParams.authorization. The client
 * library is loaded on first use, keeping it out of pages that never subscribe.
 */
import type { Client } from 'graphql-ws';
import type { SubscriptionTransport } from './graphql-client.ts';

export function graphqlWsTransport(url: string, credential: () => string | undefined): SubscriptionTransport {
  let client: Promise<Client> | undefined;
  const connect = (): Promise<Client> =>
    (client ??= import('graphql-ws').then(({ createClient }) =>
      createClient({
        url,
        lazy: true,
        connectionParams: () => {
          const key = credential();
          return key ? { authorization: `Bearer ${key}` } : {};
        },
      }),
    ));
  return (request, sink) => {
    let dispose: (() => void) | undefined;
    let ended = false;
    connect().then(
      (ws) => {
        if (!ended) dispose = ws.subscribe(request, {
          next: (value) => {
            if (value.errors?.length) sink.error(new Error(value.errors.map((error) => error.message).join('; ')));
            else if (value.data) sink.next(value.data as never);
          },
          error: sink.error,
          complete: sink.complete,
        });
      },
      (error: unknown) => sink.error(error),
    );
    return () => {
      ended = true;
      dispose?.();
    };
  };
}

/** ws:// or wss:// for the page's own origin. */
export function graphqlWsUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/graphql`;
}
