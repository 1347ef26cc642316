/**
 * Helpers for realtime tests through a real gateway: the official SDK's OpenAIRealtimeWS pointed at
 * the gateway (it always dials wss://; over plain TCP here through its `createConnection` option, or
 * over TLS with a CA), a plain `ws` client for browser-style subprotocol auth, and event collection.
 */
import net from 'node:net';
import OpenAI from 'openai';
import { OpenAIRealtimeWS } from 'openai/realtime/ws';
import WebSocket from 'ws';
import { waitUntil } from '@conduit/plugin-api/conformance';

export type SeenEvent = { type: string; [field: string]: unknown };

export interface SdkSession {
  rt: OpenAIRealtimeWS;
  seen: SeenEvent[];
  errors: Array<{ message: string; error?: { code?: string; event_id?: string | null; message?: string } }>;
  closed: Promise<{ code: number; reason: string }>;
  waitFor(type: string, count?: number): Promise<SeenEvent>;
}

export function sdkSession(gatewayUrl: string, key: string, model: string, options: { ca?: string } = {}): SdkSession {
  const client = new OpenAI({ apiKey: key, baseURL: `${gatewayUrl}/v1` });
  const wsOptions: WebSocket.ClientOptions = options.ca
    ? { ca: options.ca }
    : { createConnection: ((o: { host?: string; port?: number | string }) => net.connect({ host: o.host ?? '127.0.0.1', port: Number(o.port) })) as never };
  const rt = new OpenAIRealtimeWS({ model, options: wsOptions }, client);
  const seen: SeenEvent[] = [];
  const errors: SdkSession['errors'] = [];
  rt.on('event', (event) => seen.push(event as unknown as SeenEvent));
  rt.on('error', (error) => errors.push(error as unknown as SdkSession['errors'][number]));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    rt.socket.once('close', (code: number, reason: Buffer) => resolve({ code, reason: reason.toString() })),
  );
  return {
    rt,
    seen,
    errors,
    closed,
    async waitFor(type, count = 1) {
      await waitUntil(() => seen.filter((event) => event.type === type).length >= count, `${count} × ${type}`, 10_000);
      return seen.filter((event) => event.type === type)[count - 1]!;
    },
  };
}

/** A plain `ws` client (what a browser does): the key as a subprotocol beside `realtime`. */
export function browserSession(gatewayUrl: string, key: string, model: string, protocols?: string[]): { socket: WebSocket; seen: SeenEvent[]; opened: Promise<void> } {
  const url = `${gatewayUrl.replace(/^http/, 'ws')}/v1/realtime?model=${encodeURIComponent(model)}`;
  const socket = new WebSocket(url, protocols ?? ['realtime', `openai-insecure-api-key.${key}`]);
  const seen: SeenEvent[] = [];
  socket.on('message', (data) => seen.push(JSON.parse(data.toString()) as SeenEvent));
  const opened = new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return { socket, seen, opened };
}

/** The HTTP status and JSON body of a refused handshake. */
export async function refusedHandshake(gatewayUrl: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: { error?: { code?: string; message?: string; type?: string } } }> {
  const url = `${gatewayUrl.replace(/^http/, 'ws')}${path}`;
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.once('open', () => {
      socket.close();
      reject(new Error('the handshake was accepted'));
    });
    socket.once('unexpected-response', (_request, response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text ? (JSON.parse(text) as never) : {} }));
    });
    socket.once('error', () => undefined);
  });
}

export function pcmBase64(samples: number): string {
  return Buffer.from(new Int16Array(samples).buffer).toString('base64');
}
