/**
 * The plumbing every fake upstream shares: a node:http server on 127.0.0.1 port 0 that reads each
 * request body and remembers when the client of the latest request went away.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface FakeHttpServer {
  baseUrl: string;
  /** Resolves once the client has closed the connection of the most recent request. */
  clientClosed(): Promise<void>;
  close(): Promise<void>;
}

export type FakeHandler = (request: IncomingMessage, body: Buffer, response: ServerResponse) => Promise<void> | void;

export async function startFakeHttpServer(handler: FakeHandler): Promise<FakeHttpServer> {
  let lastClosed: Promise<void> | undefined;
  // One close listener per socket, resolving whichever request that socket carries now.
  const socketCloses = new WeakMap<Socket, () => void>();
  const server = createServer((request, response) => {
    lastClosed = new Promise<void>((resolve) => {
      response.on('close', () => {
        if (!response.writableFinished) resolve();
      });
      const socket = request.socket;
      if (!socketCloses.has(socket)) socket.once('close', () => socketCloses.get(socket)?.());
      socketCloses.set(socket, resolve);
    });
    const pieces: Buffer[] = [];
    request.on('data', (piece: Buffer) => pieces.push(piece));
    request.on('end', () => {
      Promise.resolve(handler(request, Buffer.concat(pieces), response)).catch((error: unknown) => {
        if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
        response.end(`fake upstream failed: ${String(error)}`);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    clientClosed() {
      if (!lastClosed) return Promise.reject(new Error('no request arrived yet'));
      return lastClosed;
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
