/**
 * The one `upgrade` listener of the HTTP server: hands each WebSocket upgrade to the handler
 * registered for its path (/graphql today, /v1/realtime later). Any other path gets a plain HTTP 404
 * and its socket is destroyed, so no upgrade is left hanging.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

export type UpgradeHandler = (request: IncomingMessage, socket: Duplex, head: Buffer) => void;

export class UpgradeDispatcher {
  private readonly handlers = new Map<string, UpgradeHandler>();
  private closed = false;

  route(path: string, handler: UpgradeHandler): this {
    if (this.handlers.has(path)) throw new Error(`an upgrade handler for ${path} is already registered`);
    this.handlers.set(path, handler);
    return this;
  }

  /** Refuses every later upgrade with 503 (the gateway is stopping). */
  close(): void {
    this.closed = true;
  }

  readonly handleUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', () => socket.destroy());
    if (this.closed) return refuse(socket, 503, 'Service Unavailable', 'The gateway is shutting down.');
    const path = pathOf(request.url);
    const handler = path === undefined ? undefined : this.handlers.get(path);
    if (!handler) return refuse(socket, 404, 'Not Found', `No WebSocket endpoint at ${path ?? 'this path'}.`);
    try {
      handler(request, socket, head);
    } catch {
      refuse(socket, 500, 'Internal Server Error', 'The upgrade failed.');
    }
  };
}

function pathOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url, 'http://gateway').pathname;
  } catch {
    return undefined;
  }
}

/** Writes a minimal HTTP response on the raw socket, then destroys it. */
export function refuse(socket: Duplex, status: number, reason: string, message: string, headers: Record<string, string> = {}): void {
  if (socket.destroyed) return;
  const body = `${message}\n`;
  const lines = [
    `HTTP/1.1 ${status} ${reason}`,
    'Connection: close',
    'Content-Type: text/plain; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ];
  socket.end(`${lines.join('\r\n')}\r\n\r\n${body}`, () => socket.destroy());
}
