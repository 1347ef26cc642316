/**
 * The HTTP client a provider plugin uses to reach its upstream. The gateway hands each plugin one
 * through its context, so connection pooling, timeouts and abort handling are the same for every
 * provider; plugins never open sockets of their own. Network failures surface as ProviderError
 * (`connection`, `timeout`, `aborted`), never as raw socket errors.
 */
import { Agent, request as undiciRequest, type Dispatcher } from 'undici';
import { ProviderError } from './provider-error.ts';

export type HttpHeaders = Readonly<Record<string, string | string[] | undefined>>;

export interface HttpTimeouts {
  /** Time allowed to establish the TCP/TLS connection. */
  connectMs?: number;
  /** Time allowed from sending the request to receiving the response headers (first byte). */
  firstByteMs?: number;
  /** Time allowed between two pieces of the response body (stalled streams). */
  idleMs?: number;
}

export interface HttpRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';
  url: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array | AsyncIterable<Uint8Array>;
  signal?: AbortSignal;
  timeouts?: HttpTimeouts;
}

export interface HttpResponse {
  status: number;
  headers: HttpHeaders;
  /** The body as it arrives; iterate it once, or call one of the readers below. */
  body: AsyncIterable<Uint8Array>;
  text(): Promise<string>;
  json<T = unknown>(): Promise<T>;
  bytes(): Promise<Uint8Array>;
  /** Discards the rest of the body so the connection can be reused. */
  discard(): Promise<void>;
}

export interface HttpClient {
  request(request: HttpRequest): Promise<HttpResponse>;
}

export interface HttpClientOptions {
  timeouts?: HttpTimeouts;
  /** Idle keep-alive sockets per origin are kept this long. */
  keepAliveMs?: number;
  /** Maximum sockets per origin. */
  connections?: number;
}

export const defaultTimeouts: Required<HttpTimeouts> = {
  connectMs: 10_000,
  firstByteMs: 600_000,
  idleMs: 300_000,
};

export function createHttpClient(options: HttpClientOptions = {}): HttpClient & { close(): Promise<void> } {
  const timeouts = { ...defaultTimeouts, ...options.timeouts };
  const agents = new Map<number, Agent>();
  const agentFor = (connectMs: number): Agent => {
    let agent = agents.get(connectMs);
    if (!agent) {
      agent = new Agent({
        connect: { timeout: connectMs },
        keepAliveTimeout: options.keepAliveMs ?? 30_000,
        connections: options.connections ?? null,
        pipelining: 1,
      });
      agents.set(connectMs, agent);
    }
    return agent;
  };

  return {
    async request(request: HttpRequest): Promise<HttpResponse> {
      const connectMs = request.timeouts?.connectMs ?? timeouts.connectMs;
      let response: Dispatcher.ResponseData;
      try {
        response = await undiciRequest(request.url, {
          method: request.method ?? (request.body === undefined ? 'GET' : 'POST'),
          headers: request.headers,
          body: request.body as Dispatcher.DispatchOptions['body'],
          signal: request.signal,
          dispatcher: agentFor(connectMs),
          headersTimeout: request.timeouts?.firstByteMs ?? timeouts.firstByteMs,
          bodyTimeout: request.timeouts?.idleMs ?? timeouts.idleMs,
        });
      } catch (error) {
        throw networkError(error, request.signal);
      }
      return wrapResponse(response, request.signal);
    },
    async close(): Promise<void> {
      await Promise.all([...agents.values()].map((agent) => agent.close()));
      agents.clear();
    },
  };
}

function wrapResponse(response: Dispatcher.ResponseData, signal: AbortSignal | undefined): HttpResponse {
  const body = response.body;
  const guarded = async function* (): AsyncGenerator<Uint8Array> {
    try {
      for await (const piece of body) yield piece as Uint8Array;
    } catch (error) {
      throw networkError(error, signal);
    }
  };
  const read = async <T>(reader: () => Promise<T>): Promise<T> => {
    try {
      return await reader();
    } catch (error) {
      if (error instanceof SyntaxError) {
        throw new ProviderError({
          code: 'invalid_response',
          status: response.statusCode,
          message: 'The provider answered with a body that is not valid JSON',
          cause: error,
        });
      }
      throw networkError(error, signal);
    }
  };
  return {
    status: response.statusCode,
    headers: response.headers as HttpHeaders,
    body: guarded(),
    text: () => read(() => body.text()),
    json: <T>() => read(() => body.json() as Promise<T>),
    bytes: () => read(async () => new Uint8Array(await body.arrayBuffer())),
    discard: async () => {
      try {
        await body.dump();
      } catch {
        // The connection is being torn down anyway; nothing left to read.
      }
    },
  };
}

const timeoutCodes = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);

/** Maps a socket/undici failure to a ProviderError. Exported for plugins with their own transports. */
export function networkError(error: unknown, signal?: AbortSignal): ProviderError {
  if (ProviderError.isInstance(error)) return error;
  const code = (error as { code?: string } | undefined)?.code ?? '';
  const name = (error as { name?: string } | undefined)?.name ?? '';
  if (signal?.aborted || name === 'AbortError' || code === 'UND_ERR_ABORTED') {
    return new ProviderError({ code: 'aborted', message: 'The request was aborted', retryable: false, cause: error });
  }
  if (timeoutCodes.has(code)) {
    const what =
      code === 'UND_ERR_CONNECT_TIMEOUT'
        ? 'connecting'
        : code === 'UND_ERR_HEADERS_TIMEOUT'
          ? 'waiting for the first byte'
          : 'waiting for the next part of the response';
    return new ProviderError({ code: 'timeout', message: `Timed out ${what}`, cause: error });
  }
  const detail = code ? ` (${code})` : '';
  return new ProviderError({ code: 'connection', message: `Could not reach the provider${detail}`, cause: error });
}
