/**
 * Tells when the client of a fake upstream's request went away, which abort tests await: the
 * plugin must close its upstream request when the caller aborts. One watch serves a whole server;
 * `clientClosed()` follows the most recent request.
 */
import type { Socket } from 'node:net';

/** The part of a response the watch listens to; node:http's and node:http2's compat responses fit. */
export interface WatchedResponse {
  readonly writableFinished: boolean;
  once(event: 'close', listener: () => void): unknown;
}

export interface ClientCloseWatch {
  /**
   * Watches one request, as it arrives. With the `socket` carrying it (HTTP/1.1), the client has
   * gone when the response closes before it was complete, or when the connection closes, even
   * after a complete answer. Without a socket (an HTTP/2 stream), the stream's close counts.
   */
  watch(response: WatchedResponse, socket?: Socket): void;
  /** Resolves once the client of the most recent request has gone; rejects when none arrived. */
  clientClosed(): Promise<void>;
  /** Requests whose response has not closed yet: answers being written, or held by a hang. */
  inFlight(): number;
}

export function createClientCloseWatch(): ClientCloseWatch {
  let latest: Promise<void> | undefined;
  let open = 0;
  // One close listener per socket, resolving whichever request the socket carries now.
  const socketGone = new WeakMap<Socket, () => void>();
  return {
    watch(response, socket) {
      open++;
      latest = new Promise<void>((resolve) => {
        response.once('close', () => {
          open--;
          if (!socket || !response.writableFinished) resolve();
        });
        if (!socket) return;
        if (!socketGone.has(socket)) socket.once('close', () => socketGone.get(socket)?.());
        socketGone.set(socket, resolve);
      });
    },
    clientClosed() {
      return latest ?? Promise.reject(new Error('the fake upstream has received no request yet'));
    },
    inFlight: () => open,
  };
}
