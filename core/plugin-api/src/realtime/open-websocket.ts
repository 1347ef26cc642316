/**
 * The upstream WebSocket a realtime translator opens through its context (`openWebSocket`), built
 * on `ws`: the gateway passes it to translators, and the realtime conformance kit does too. Frames
 * are queued for the translator up to a bound; past it the socket is paused (TCP backpressure to
 * the provider) until the translator catches up.
 */
import WebSocket from 'ws';
import { ProviderError } from '../provider-error.ts';
import { mapHttpError } from '../map-http-error.ts';
import type { RealtimeTranslatorContext, RealtimeUpstreamSocket } from '../realtime-translator-plugin.ts';

export interface WebSocketOpenerOptions {
  /** Largest frame accepted from the provider. Default 16 MiB. */
  maxPayload?: number;
  /** Frames queued for the translator before the socket is paused. Default 256. */
  highWaterMark?: number;
  /** Handshake timeout in ms. Default 10 000. */
  handshakeTimeoutMs?: number;
}

export type OpenWebSocket = RealtimeTranslatorContext['openWebSocket'];

export function createWebSocketOpener(settings: WebSocketOpenerOptions = {}): OpenWebSocket {
  const maxPayload = settings.maxPayload ?? 16 * 1024 * 1024;
  const highWaterMark = settings.highWaterMark ?? 256;
  const handshakeTimeout = settings.handshakeTimeoutMs ?? 10_000;
  return (url, options) =>
    new Promise<RealtimeUpstreamSocket>((resolve, reject) => {
      if (options.signal.aborted) {
        reject(new ProviderError({ code: 'aborted', message: 'The realtime connection was aborted', retryable: false }));
        return;
      }
      let socket: WebSocket;
      try {
        socket = new WebSocket(url, options.protocols ? [...options.protocols] : [], {
          headers: options.headers,
          maxPayload,
          handshakeTimeout,
          perMessageDeflate: false,
        });
      } catch (cause) {
        reject(new ProviderError({ code: 'bad_request', message: 'The provider WebSocket URL is invalid', retryable: false, cause }));
        return;
      }
      let opened = false;
      const onAbort = (): void => socket.terminate();
      options.signal.addEventListener('abort', onAbort, { once: true });
      socket.once('unexpected-response', (_request, response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => {
          if (chunks.length < 64) chunks.push(chunk);
        });
        response.on('end', () => {
          const status = response.statusCode ?? 502;
          reject(mapHttpError({ status, headers: response.headers, message: handshakeMessage(status, Buffer.concat(chunks)) }));
          socket.terminate();
        });
        response.on('error', () => undefined);
      });
      socket.once('error', (cause) => {
        if (opened) return;
        options.signal.removeEventListener('abort', onAbort);
        const aborted = options.signal.aborted;
        reject(
          new ProviderError({
            code: aborted ? 'aborted' : 'connection',
            message: aborted ? 'The realtime connection was aborted' : `Could not connect to the provider's realtime endpoint`,
            retryable: !aborted,
            cause,
          }),
        );
      });
      socket.once('open', () => {
        opened = true;
        resolve(wrap(socket, highWaterMark, () => options.signal.removeEventListener('abort', onAbort)));
      });
    });
}

function wrap(socket: WebSocket, highWaterMark: number, release: () => void): RealtimeUpstreamSocket {
  const queue: Array<string | Uint8Array> = [];
  let waiting: (() => void) | undefined;
  let ended = false;
  let paused = false;
  let resolveClosed!: (value: { code: number; reason: string }) => void;
  const closed = new Promise<{ code: number; reason: string }>((resolve) => (resolveClosed = resolve));
  socket.on('message', (data: Buffer, isBinary: boolean) => {
    queue.push(isBinary ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : data.toString('utf8'));
    if (queue.length >= highWaterMark && !paused) {
      paused = true;
      socket.pause();
    }
    waiting?.();
  });
  socket.on('error', () => undefined); // 'close' follows and ends the iteration
  socket.once('close', (code: number, reason: Buffer) => {
    ended = true;
    release();
    resolveClosed({ code, reason: reason.toString('utf8') });
    waiting?.();
  });
  async function* messages(): AsyncGenerator<string | Uint8Array> {
    while (true) {
      const next = queue.shift();
      if (next !== undefined) {
        if (paused && queue.length < highWaterMark / 2) {
          paused = false;
          socket.resume();
        }
        yield next;
        continue;
      }
      if (ended) return;
      await new Promise<void>((resolve) => (waiting = resolve));
      waiting = undefined;
    }
  }
  return {
    send(data) {
      if (socket.readyState === WebSocket.OPEN) socket.send(data);
    },
    messages: messages(),
    closed,
    close(code = 1000, reason = '') {
      if (socket.readyState === WebSocket.CONNECTING || socket.readyState === WebSocket.OPEN) socket.close(code, reason);
    },
    get bufferedAmount() {
      return socket.bufferedAmount;
    },
  };
}

/** The provider's message from a refused handshake's JSON body, when it has one. */
function handshakeMessage(status: number, body: Buffer): string {
  const fallback = `The provider refused the realtime connection (HTTP ${status})`;
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { error?: { message?: unknown } | string; message?: unknown; detail?: unknown };
    const candidate =
      typeof parsed.error === 'object' ? parsed.error?.message : (parsed.error ?? parsed.message ?? parsed.detail);
    return typeof candidate === 'string' && candidate.trim() ? `${fallback}: ${candidate.trim().slice(0, 500)}` : fallback;
  } catch {
    return fallback;
  }
}
