/**
 * graphql-ws (subprotocol `graphql-transport-ws`) on /graphql, run through the same graphql-yoga
 * instance as HTTP so that validation, depth and cost limits and the context are identical. The
 * credential comes in `connectionParams.authorization` (browsers cannot set headers on a WebSocket):
 * missing or bad closes with 4401, a role that may not subscribe with 4403, and so does (4401) an open
 * connection whose admin token is revoked or expires. One connection holds at most
 * `maxSubscriptionsPerConnection` operations at once.
 */
import type { IncomingMessage } from 'node:http';
import { GraphQLError, type ExecutionArgs } from 'graphql';
import { WebSocketServer, type WebSocket } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import { roleAllows, type AdminIdentity, type AdminRole } from '../../domain/admin-identity.ts';
import type { AdminAuthenticator } from '../../services/admin-authenticator.ts';
import type { UpgradeHandler } from '../websocket/upgrade-dispatcher.ts';
import type { AdminYoga } from './create-yoga.ts';
import type { CredentialLease } from '../../services/admin-session-guard.ts';
import { lapsedError, type CredentialWatch } from './end-lapsed-subscriptions.ts';

export interface GraphQLWebSocketOptions {
  yoga: AdminYoga;
  authenticator: AdminAuthenticator;
  /** The least role that may subscribe. */
  subscribeRole: AdminRole;
  maxSubscriptionsPerConnection: number;
  /** Watches the connection's credential: revoked or expired, the connection is closed. */
  sessions?: CredentialWatch;
  maxMessageBytes?: number;
  keepAliveMs?: number;
}

export interface GraphQLWebSocketServer {
  handleUpgrade: UpgradeHandler;
  /** Closes every connection (1001) and stops accepting new ones. */
  close(): Promise<void>;
}

interface Enveloped {
  execute: (args: ExecutionArgs) => unknown;
  subscribe: (args: ExecutionArgs) => unknown;
}

export const closeUnauthorized = 4401;
export const closeForbidden = 4403;

export function graphqlWebSocketServer(options: GraphQLWebSocketOptions): GraphQLWebSocketServer {
  const sockets = new WeakMap<WebSocket, AdminIdentity>();
  const webSockets = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes ?? 1024 * 1024 });
  const server = useServer<Record<string, unknown>>(
    {
      execute: (args) => ((args.rootValue as Enveloped).execute(args) as ReturnType<NonNullable<Parameters<typeof useServer>[0]['execute']>>),
      subscribe: (args) => ((args.rootValue as Enveloped).subscribe(args) as ReturnType<NonNullable<Parameters<typeof useServer>[0]['subscribe']>>),
      onConnect: async (ctx) => {
        const identity = await options.authenticator.authenticate(stringParam(ctx.connectionParams?.authorization));
        if (!identity) {
          ctx.extra.socket.close(closeUnauthorized, 'Unauthorized: send connectionParams.authorization');
          return false;
        }
        if (!roleAllows(identity.role, options.subscribeRole)) {
          ctx.extra.socket.close(closeForbidden, `Forbidden: the ${identity.role} role may not subscribe`);
          return false;
        }
        sockets.set(ctx.extra.socket, identity);
        closeWhenLapsed(ctx.extra.socket, options.sessions?.watch(identity));
        return true;
      },
      onSubscribe: async (ctx, _id, payload) => {
        const admin = sockets.get(ctx.extra.socket);
        if (!admin) return [new GraphQLError('Unauthorized', { extensions: { code: 'UNAUTHENTICATED' } })];
        if (Object.keys(ctx.subscriptions).length > options.maxSubscriptionsPerConnection) {
          return [
            new GraphQLError(`Too many operations on one connection: at most ${options.maxSubscriptionsPerConnection} at once`, {
              extensions: { code: 'TOO_MANY_SUBSCRIPTIONS' },
            }),
          ];
        }
        const { schema, execute, subscribe, contextFactory, parse, validate } = options.yoga.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params: payload,
          admin,
          clientIp: clientIpOf(ctx.extra.request),
        });
        let document;
        try {
          document = parse(payload.query);
        } catch (error) {
          return [error instanceof GraphQLError ? error : new GraphQLError('Syntax error in the query')];
        }
        const errors = validate(schema, document);
        if (errors.length > 0) return [...errors];
        return {
          schema,
          operationName: payload.operationName,
          document,
          variableValues: payload.variables,
          contextValue: await contextFactory(),
          rootValue: { execute, subscribe } satisfies Enveloped,
        };
      },
    },
    webSockets,
    options.keepAliveMs ?? 12_000,
  );

  return {
    handleUpgrade(request, socket, head) {
      webSockets.handleUpgrade(request, socket, head, (webSocket) => webSockets.emit('connection', webSocket, request));
    },
    close: async () => {
      await server.dispose();
    },
  };
}

function closeWhenLapsed(socket: WebSocket, lease: CredentialLease | undefined): void {
  if (!lease) return;
  const close = (): void => socket.close(closeUnauthorized, lapsedError(lease.signal.reason).message);
  lease.signal.addEventListener('abort', close, { once: true });
  socket.once('close', () => {
    lease.signal.removeEventListener('abort', close);
    lease.release();
  });
}

function stringParam(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function clientIpOf(request: IncomingMessage): string {
  return request.socket.remoteAddress ?? '';
}
