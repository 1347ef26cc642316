/**
 * Stops an HTTP server gracefully and no longer than needed: it stops accepting connections, closes
 * the idle keep-alive ones at once, lets each in-flight response finish and then closes its
 * connection (answers whose head is not written yet say `Connection: close`), and resolves as soon as
 * the last connection is gone — or cuts whatever is left when the grace period ends.
 *
 * Without this, a connection that carried a request during the drain stayed open as an idle
 * keep-alive connection after its answer, and `server.close()` waited for it until the grace period;
 * so did a connection opened but never used.
 */
import type { Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { Server as TlsServer, type TLSSocket } from 'node:tls';

export interface HttpServerDrain {
  /** Resolves once every connection is closed (at the latest after `graceMs`, cutting the rest). */
  drain(graceMs: number): Promise<void>;
}

/** Node's HTTP server keeps the response being written on its socket; a socket without one is idle. */
type HttpSocket = Socket & { _httpMessage?: ServerResponse | null };

export function trackHttpServer(server: Server): HttpServerDrain {
  const sockets = new Set<HttpSocket>();
  /** Over TLS, connections whose handshake has not finished: no request can be on them yet. */
  const handshaking = new Set<Socket>();
  const track = (set: Set<Socket>, socket: Socket) => {
    set.add(socket);
    socket.once('close', () => set.delete(socket));
  };
  // Per connection, not per request: nothing here runs on a request's path.
  if (server instanceof TlsServer) {
    // The HTTP layer answers on the TLS socket, not on the TCP one under it.
    server.on('connection', (socket: Socket) => track(handshaking, socket));
    server.on('secureConnection', (socket: TLSSocket & { _parent?: Socket }) => {
      if (socket._parent) handshaking.delete(socket._parent);
      track(sockets, socket);
    });
  } else {
    server.on('connection', (socket: Socket) => track(sockets, socket));
  }

  return {
    drain(graceMs) {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        // A request that still arrives on an open connection is answered, with `Connection: close`.
        server.prependListener('request', (_request, response: ServerResponse) => {
          response.shouldKeepAlive = false;
        });
        for (const socket of sockets) closeAfterCurrentResponse(socket);
        for (const socket of handshaking) socket.destroy();
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), graceMs).unref();
      });
    },
  };
}

function closeAfterCurrentResponse(socket: HttpSocket): void {
  const response = socket._httpMessage;
  if (!response) {
    // Node counts a connection that never sent a byte as awaiting its first request, not idle, so
    // closeIdleConnections() leaves it (a client's pool opens such spares): nothing is lost closing it.
    if (socket.bytesRead === 0) socket.end();
    return; // idle after an answer: closeIdleConnections() closes it
  }
  if (!response.headersSent) {
    // Node then writes `Connection: close` into the head (also through writeHead(status, pairs),
    // the /v1 path's ResponseHead) and closes the socket after the answer.
    response.shouldKeepAlive = false;
    return;
  }
  // The head already promised keep-alive: close the connection once this answer is complete.
  if (response.writableFinished) socket.end();
  else response.once('finish', () => socket.end());
}
