/**
 * The HTTP client a provider plugin uses to reach its upstream. The gateway hands each plugin one
 * through its context, so connection pooling, timeouts and abort handling are the same for every
 * provider; plugins never open sockets of their own. Network failures surface as ProviderError
 * (`connection`, `timeout`, `aborted`), never as raw socket errors.
 */
import { Agent, type Dispatcher } from 'undici';
import type { Cancellation } from './cancellation.ts';
import { JsonRequestBody } from './json-request-body.ts';
import { networkError } from './network-error.ts';
import { piecesInTurns } from './pieces-in-turns.ts';
import { ResponseHandler } from './response-handler.ts';

export { isNetworkFailure, networkError } from './network-error.ts';

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
  /**
   * Cancels the exchange: pass `call.signal`. (The gateway's own plugins pass a Cancellation from
   * the unstable `@conduit/plugin-api/internal`, which costs less to listen to.)
   */
  signal?: AbortSignal | Cancellation;
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

const connectBackstopMs = 1_000;

export function createHttpClient(options: HttpClientOptions = {}): HttpClient & { close(): Promise<void> } {
  const timeouts = { ...defaultTimeouts, ...options.timeouts };
  const agents = new Map<number, Agent>();
  const agentFor = (connectMs: number): Agent => {
    let agent = agents.get(connectMs);
    if (!agent) {
      agent = new Agent({
        // A backstop that closes a socket still connecting: the handler's own timer fails the request
        // at connectMs; undici's timer wheel is coarse (and can fire up to half a second early).
        connect: { timeout: connectMs + connectBackstopMs },
        keepAliveTimeout: options.keepAliveMs ?? 30_000,
        connections: options.connections ?? null,
        pipelining: 1,
      });
      agents.set(connectMs, agent);
    }
    return agent;
  };

  const dispatch = (request: HttpRequest, body: Dispatcher.DispatchOptions['body']): Promise<HttpResponse> => {
    let handler: ResponseHandler;
    try {
      if (request.signal?.aborted) throw request.signal.reason ?? new Error('aborted');
      const target = targetOf(request.url);
      const connectMs = request.timeouts?.connectMs ?? timeouts.connectMs;
      handler = new ResponseHandler(request.signal, {
        connectMs,
        firstByteMs: request.timeouts?.firstByteMs ?? timeouts.firstByteMs,
        idleMs: request.timeouts?.idleMs ?? timeouts.idleMs,
      });
      agentFor(connectMs).dispatch(
        {
          origin: target.origin,
          path: target.path,
          method: request.method ?? (request.body === undefined ? 'GET' : 'POST'),
          headers: request.headers,
          body,
          // The handler keeps these on precise timers (see response-handler.ts); 0 turns undici's off.
          headersTimeout: 0,
          bodyTimeout: 0,
        },
        handler,
      );
    } catch (error) {
      return Promise.reject(networkError(error, request.signal));
    }
    return handler.response;
  };

  return {
    request(request: HttpRequest): Promise<HttpResponse> {
      // A large JSON body is sent with its length once it is serialised (in slices, see json-request-body.ts).
      if (JsonRequestBody.isInstance(request.body)) {
        return request.body.serialized().then(({ pieces, byteLength }) => {
          const headers = { ...request.headers, 'content-length': String(byteLength) };
          // undici sends an iterable body piece by piece; its types do not list async iterables.
          return dispatch({ ...request, headers }, piecesInTurns(pieces) as unknown as Dispatcher.DispatchOptions['body']);
        });
      }
      return dispatch(request, request.body as Dispatcher.DispatchOptions['body']);
    },
    async close(): Promise<void> {
      await Promise.all([...agents.values()].map((agent) => agent.close()));
      agents.clear();
    },
  };
}

/** Origin and path of the URLs requested, parsed once each: a plugin calls the same few URLs. */
const targets = new Map<string, { origin: string; path: string }>();
const maxTargets = 1_000;

function targetOf(href: string): { origin: string; path: string } {
  let target = targets.get(href);
  if (target === undefined) {
    const url = new URL(href);
    target = { origin: url.origin, path: url.search ? `${url.pathname}${url.search}` : url.pathname };
    if (targets.size >= maxTargets) targets.clear();
    targets.set(href, target);
  }
  return target;
}
