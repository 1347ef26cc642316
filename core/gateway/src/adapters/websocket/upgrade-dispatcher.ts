/**
 * The one `upgrade` listener of the HTTP server: hands each WebSocket upgrade to the handler
 * registered for its path (/graphql today, /v1/realtime later). Any other path gets a plain HTTP 404
 * and its socket is destroyed, so no upgrade is left hanging.
 */
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

export type UpgradeHandler = (request: IncomingMessage, socket: Duplex, head: Buffer) => void;

/** Answers a refused upgrade on the raw socket, in the format of the path's clients. */
export type UpgradeRefusal = (socket: Duplex, status: number, message: string) => void;

interface UpgradeRoute {
  handler: UpgradeHandler;
  refuse: UpgradeRefusal;
}

const plainRefusal: UpgradeRefusal = (socket, status, message) => refuse(socket, status, STATUS_CODES[status] ?? 'Error', message);

export class UpgradeDispatcher {
  private readonly routes = new Map<string, UpgradeRoute>();
  private closed = false;

  /** Hands upgrades of `path` to `handler`; `refusal` answers the ones the dispatcher refuses (plain text by default). */
  route(path: string, handler: UpgradeHandler, refusal: UpgradeRefusal = plainRefusal): this {
    if (this.routes.has(path)) throw new Error(`an upgrade handler for ${path} is already registered`);
    this.routes.set(path, { handler, refuse: refusal });
    return this;
  }

  /** Refuses every later upgrade with 503 (the gateway is stopping). */
  close(): void {
    this.closed = true;
  }

  readonly handleUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', () => socket.destroy());
    const path = pathOf(request.url);
    const route = path === undefined ? undefined : this.routes.get(path);
    if (!route) return refuse(socket, this.closed ? 503 : 404, this.closed ? 'Service Unavailable' : 'Not Found', this.closed ? 'The gateway is shutting down.' : `No WebSocket endpoint at ${path ?? 'this path'}.`);
    if (this.closed) return route.refuse(socket, 503, 'The gateway is shutting down; connect again in a moment.');
    try {
      route.handler(request, socket, head);
    } catch {
      route.refuse(socket, 500, 'The upgrade failed.');
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
