/**
 * The server of the fake: one port on 127.0.0.1 serving HTTP/1.1 (undici, the gateway) and
 * cleartext HTTP/2 (the AWS SDK's default handler), told apart by the HTTP/2 connection preface.
 * Each request goes through the conformance kit's handleFakeRequest and client-close watch.
 */
import { createServer as createHttp1Server, type IncomingHttpHeaders } from 'node:http';
import { createServer as createHttp2Server, type Http2Session } from 'node:http2';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { Duplex } from 'node:stream';
import {
  createClientCloseWatch,
  handleFakeRequest,
  type FailableResponse,
  type FakeHttpServer,
  type FakeRequestHandler,
} from '@conduit/plugin-api/conformance';

export interface FakeRequest {
  method?: string;
  url?: string;
  headers: IncomingHttpHeaders;
}

export interface FakeResponse {
  writeHead(status: number, headers: Record<string, string>): unknown;
  write(chunk: Uint8Array | string): unknown;
  end(chunk?: string): unknown;
}

export type FakeHandler = FakeRequestHandler<FakeRequest, FakeResponse>;

type Listener = Parameters<typeof createHttp1Server>[1] & Parameters<typeof createHttp2Server>[1];

export async function startFakeHttpServer(handler: FakeHandler): Promise<FakeHttpServer> {
  const watch = createClientCloseWatch();
  const sockets = new Set<Socket>();
  const sessions = new Set<Http2Session>();

  const listener = ((request, response) => {
    // An HTTP/2 stream's close is its client's; its session's socket outlives it.
    watch.watch(response, 'stream' in request ? undefined : request.socket);
    handleFakeRequest(request, response as FakeResponse & FailableResponse, handler);
  }) as Listener;

  const http1 = createHttp1Server(listener);
  const http2 = createHttp2Server(listener);
  http2.on('session', (session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
  });
  const server = createNetServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.once('data', (first: Buffer) => {
      if (first.subarray(0, 3).toString('latin1') === 'PRI') {
        // HTTP/2 reads straight from a socket's native handle, where bytes already read (the
        // preface) cannot be put back; a JS stream in front of the socket carries them.
        http2.emit('connection', relay(socket, first));
        return;
      }
      socket.pause();
      socket.unshift(first);
      http1.emit('connection', socket);
      socket.resume();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    clientClosed: watch.clientClosed,
    inFlight: watch.inFlight,
    close() {
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        for (const session of sessions) session.destroy();
        for (const socket of sockets) socket.destroy();
      });
    },
  };
}

/** A duplex stream relaying a socket, starting with bytes already read from it. */
function relay(socket: Socket, first: Buffer): Duplex {
  const duplex = new Duplex({
    read() {
      socket.resume();
    },
    write(chunk: Buffer, _encoding, callback) {
      socket.write(chunk, callback);
    },
    final(callback) {
      socket.end();
      callback();
    },
    destroy(error, callback) {
      socket.destroy(error ?? undefined);
      callback(error);
    },
  });
  duplex.push(first);
  socket.on('data', (piece: Buffer) => {
    if (!duplex.push(piece)) socket.pause();
  });
  socket.on('end', () => duplex.push(null));
  socket.on('close', () => duplex.destroy());
  return duplex;
}
