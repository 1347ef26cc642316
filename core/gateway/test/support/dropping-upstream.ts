/**
 * An upstream that accepts connections and closes them as soon as a request arrives, without
 * answering: what a crashed or misbehaving server behind a load balancer looks like to the gateway.
 */
import { createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface DroppingUpstream {
  /** `http://127.0.0.1:<port>/v1` */
  baseUrl: string;
  /** Connections accepted (and dropped) so far. */
  connections(): number;
  close(): Promise<void>;
}

export async function startDroppingUpstream(): Promise<DroppingUpstream> {
  let connections = 0;
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.once('data', () => socket.destroy());
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    connections: () => connections,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
