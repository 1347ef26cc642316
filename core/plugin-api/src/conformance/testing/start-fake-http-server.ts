/**
 * The server under a fake upstream: node:http on 127.0.0.1 port 0, each request's body read whole
 * before the fake's handler runs, each request watched for its client going away. The fake keeps
 * only its provider's wire format: routes, authentication, bodies and streams.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClientCloseWatch } from './client-close-watch.ts';
import { handleFakeRequest, type FakeFailureOptions, type FakeRequestHandler } from './handle-fake-request.ts';

export interface FakeHttpServer {
  /** `http://127.0.0.1:<port>`. */
  readonly origin: string;
  /** Resolves once the client of the most recent request has gone; rejects when none arrived. */
  clientClosed(): Promise<void>;
  /** Requests whose response has not closed yet: answers being written, or held by a hang. */
  inFlight(): number;
  /** Stops listening and cuts every connection, which ends any request still held. */
  close(): Promise<void>;
}

export async function startFakeHttpServer(
  handler: FakeRequestHandler<IncomingMessage, ServerResponse>,
  options: FakeFailureOptions = {},
): Promise<FakeHttpServer> {
  const watch = createClientCloseWatch();
  const server = createServer((request, response) => {
    watch.watch(response, request.socket);
    handleFakeRequest(request, response, handler, options);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    clientClosed: watch.clientClosed,
    inFlight: watch.inFlight,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
