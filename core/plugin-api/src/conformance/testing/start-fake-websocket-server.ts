/**
 * The server under a fake realtime upstream: node:http on 127.0.0.1 port 0 with a `ws` server on
 * its upgrade, so one fake can answer a provider's REST calls (Ultravox's call creation,
 * ElevenLabs' signed URL) and its WebSocket. The handshake can be refused with an HTTP status
 * before the upgrade, as providers do.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface FakeWebSocketHandlers {
  /** A plain HTTP request, its body read whole (UTF-8). */
  http?(request: IncomingMessage, body: string, response: ServerResponse): void | Promise<void>;
  /**
   * Decides on an upgrade before it happens: undefined accepts it; a status and JSON body refuse it.
   */
  authorize?(request: IncomingMessage): { status: number; body: unknown } | undefined;
  /** An accepted WebSocket. */
  connection(socket: WebSocket, request: IncomingMessage): void;
}

export interface FakeWebSocketServer {
  /** `http://127.0.0.1:<port>`. */
  readonly origin: string;
  /** `ws://127.0.0.1:<port>`. */
  readonly wsOrigin: string;
  /** WebSockets currently open. */
  openSockets(): number;
  close(): Promise<void>;
}

export async function startFakeWebSocketServer(handlers: FakeWebSocketHandlers): Promise<FakeWebSocketServer> {
  const sockets = new Set<WebSocket>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      Promise.resolve(handlers.http ? handlers.http(request, body, response) : notFound(response)).catch((error: unknown) => {
        if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: { message: String(error) } }));
      });
    });
  });
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  server.on('upgrade', (request, socket, head) => {
    const refusal = handlers.authorize?.(request);
    if (refusal) {
      const body = JSON.stringify(refusal.body);
      socket.end(
        `HTTP/1.1 ${refusal.status} Refused\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
      );
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      sockets.add(ws);
      ws.once('close', () => sockets.delete(ws));
      handlers.connection(ws, request);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    wsOrigin: `ws://127.0.0.1:${port}`,
    openSockets: () => [...sockets].filter((ws) => ws.readyState === ws.OPEN).length,
    async close() {
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function notFound(response: ServerResponse): void {
  response.writeHead(404, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ error: { message: 'not found' } }));
}
