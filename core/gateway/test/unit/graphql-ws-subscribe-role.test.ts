/**
 * The graphql-ws server's role gate, through the real graphql-ws client over a real socket: a
 * credential whose role is below `subscribeRole` is closed with 4403 (the gateway passes VIEWER today,
 * so every role may subscribe there; the gate is what a stricter setting would use), one at or above
 * it is acknowledged, and a bad one gets 4401.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createPubSub } from 'graphql-yoga';
import { createGraphQL } from '../../src/adapters/graphql/create-yoga.ts';
import type { AdminServices } from '../../src/adapters/graphql/graphql-context.ts';
import { graphqlWebSocketServer } from '../../src/adapters/graphql/graphql-ws-server.ts';
import { LiveSubscriptions } from '../../src/adapters/graphql/live/live-subscriptions.ts';
import { UpgradeDispatcher } from '../../src/adapters/websocket/upgrade-dispatcher.ts';
import type { AdminIdentity } from '../../src/domain/admin-identity.ts';
import { createLogger } from '../../src/infrastructure/logging/logger.ts';
import type { GatewayEvents } from '../../src/ports/event-bus.ts';
import { AdminAuthenticator } from '../../src/services/admin-authenticator.ts';
import { wsSubscriber } from '../support/admin-subscribers.ts';

const identities: Record<string, AdminIdentity> = {
  'viewer-token': { tokenId: 'v', name: 'viewer', role: 'VIEWER' },
  'operator-token': { tokenId: 'o', name: 'operator', role: 'OPERATOR' },
};

async function serve(): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  const live = new LiveSubscriptions(createPubSub<GatewayEvents>(), { maxQueuedPerSubscriber: 10 });
  // The gate runs before any resolver: no service is reached.
  const yoga = createGraphQL({ services: {} as AdminServices, live, logger: createLogger('silent') });
  const ws = graphqlWebSocketServer({
    yoga,
    authenticator: new AdminAuthenticator('master-key-0123456789', { identify: async (token) => identities[token] ?? null }),
    subscribeRole: 'OPERATOR',
    maxSubscriptionsPerConnection: 5,
  });
  const server = createServer((_request, response) => response.writeHead(404).end());
  server.on('upgrade', new UpgradeDispatcher().route('/graphql', ws.handleUpgrade).handleUpgrade);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    server,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      await ws.close();
      live.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

test('a role below subscribeRole is closed with 4403, naming the role; one at or above it is acknowledged; a bad credential gets 4401', async () => {
  const served = await serve();
  try {
    const viewer = wsSubscriber(served.url, 'Bearer viewer-token');
    const refused = await viewer.closed;
    assert.is(refused.code, 4403);
    assert.match(refused.reason, /the VIEWER role may not subscribe/);
    await viewer.dispose();

    const operator = wsSubscriber(served.url, 'Bearer operator-token');
    await operator.connected;
    await operator.dispose();

    const nobody = wsSubscriber(served.url, 'Bearer no-such-token');
    assert.is((await nobody.closed).code, 4401);
    await nobody.dispose();
  } finally {
    await served.close();
  }
});

test.run();
