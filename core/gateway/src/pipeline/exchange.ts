/**
 * One HTTP request and its response as the pipeline sees them: the Node request and response, the
 * request's id, arrival time and client address, and the response headers gathered until it starts.
 * No Koa here: the /v1 adapter hands the pipeline an Exchange, and every stage writes the Node
 * response directly (see http/response-head.ts for why).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ResponseHead } from './http/response-head.ts';

export interface Exchange {
  readonly request: IncomingMessage;
  readonly response: ServerResponse;
  /** The request's path, without the query string, not decoded. */
  readonly path: string;
  readonly requestId: string;
  /** performance.now() when the request arrived. */
  readonly startedAt: number;
  /** The client's address; the IP filter may replace it with the one a trusted proxy forwarded. */
  clientIp: string;
  /** The response's headers until it starts. */
  readonly head: ResponseHead;
  /** Time spent waiting on the upstream so far, in ms (see http/upstream-time.ts). */
  upstreamMs: number;
}
