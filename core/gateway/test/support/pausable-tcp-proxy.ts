/**
 * A TCP proxy in front of a real server (MariaDB, Redis) that can be made to hang: while hung it
 * keeps every connection open and accepts new ones, but passes no byte either way — what a stalled
 * server or a black-holed network looks like to a client. `resume()` delivers what was held.
 */
import net, { type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface PausableTcpProxy {
  readonly port: number;
  hang(): void;
  resume(): void;
  close(): Promise<void>;
}

export async function startPausableTcpProxy(targetPort: number): Promise<PausableTcpProxy> {
  let hung = false;
  const pipes = new Set<{ flush(): void; destroy(): void }>();

  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    const held: Array<[Socket, Buffer]> = [];
    const forward = (to: Socket) => (data: Buffer) => {
      if (hung) held.push([to, data]);
      else to.write(data);
    };
    client.on('data', forward(upstream));
    upstream.on('data', forward(client));
    const pipe = {
      flush() {
        for (const [to, data] of held.splice(0)) to.write(data);
      },
      destroy() {
        client.destroy();
        upstream.destroy();
      },
    };
    pipes.add(pipe);
    const end = (): void => {
      pipes.delete(pipe);
      pipe.destroy();
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  return {
    port: (server.address() as AddressInfo).port,
    hang() {
      hung = true;
    },
    resume() {
      hung = false;
      for (const pipe of pipes) pipe.flush();
    },
    async close() {
      for (const pipe of pipes) pipe.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
