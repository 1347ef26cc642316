/**
 * Stage 8, the response cache: after the admission (rate limits count a cached answer too), a request
 * of a cacheable endpoint whose model has a cached deployment is looked up; a hit is answered here,
 * without a provider, and costs nothing. The answer of a miss is stored once it was delivered whole.
 * A request for a whole answer waits for an identical one under way first (ResponseCache.board).
 */
import { performance } from 'node:perf_hooks';
import { ResponseCache, type CacheFlight, type CacheTicket } from '../../engine/cache/response-cache.ts';
import type { RequestRecord } from '../../engine/usage/request-record.ts';
import type { Endpoint, RoutedRequest } from '../endpoint.ts';
import type { Exchange } from '../exchange.ts';
import { sendJsonText } from '../http/send-json-body.ts';
import { SseWriter } from '../http/sse-writer.ts';
import { setOverheadHeader } from '../http/upstream-time.ts';
import type { PipelineDependencies } from '../pipeline-dependencies.ts';

/** The request's cache ticket, or undefined when the cache does not apply (the cheap check on every request). */
export function cacheTicketOf<Input>(endpoint: Endpoint<Input>, input: Input, routed: RoutedRequest, exchange: Exchange, dependencies: PipelineDependencies): CacheTicket | undefined {
  const { cache } = dependencies;
  if (!cache || !endpoint.cache || !ResponseCache.enabledFor(dependencies.config.current.routesFor(routed.model))) return undefined;
  return cache.ticket(endpoint.name, routed.model, endpoint.cache.requestKey(input), exchange.request.headers['cache-control']);
}

export type LeadingFlight = Extract<CacheFlight, { leads: true }>;

/**
 * For a whole answer: waits while an identical request is being answered, then looks up. Answered from
 * the cache, or not, with the flight this request leads (it must land it once its answer is stored or
 * it has none). A request waits once at most: when the answer it waited for was not stored (an error,
 * an answer too large to keep), it calls the provider itself, so it never waits longer than one
 * request's time.
 */
export async function answerFromCacheOrLead(exchange: Exchange, record: RequestRecord, ticket: CacheTicket, cache: ResponseCache): Promise<{ answered: true } | { answered: false; flight: LeadingFlight | undefined }> {
  const flight = cache.board(ticket);
  if (flight && !flight.leads) {
    await flight.landed;
    return (await answerFromCache(exchange, record, ticket, cache)) ? { answered: true } : { answered: false, flight: undefined };
  }
  if (await answerFromCache(exchange, record, ticket, cache)) {
    flight?.land();
    return { answered: true };
  }
  return { answered: false, flight };
}

/** Looks the request up; true when it was answered from the cache. Sets `x-conduit-cache` either way. */
export async function answerFromCache(exchange: Exchange, record: RequestRecord, ticket: CacheTicket, cache: ResponseCache): Promise<boolean> {
  const found = await cache.lookup(ticket);
  exchange.head.set('x-conduit-cache', found.status);
  const answer = found.answer;
  if (!answer) return false;
  record.cacheHit = true;
  record.usage = answer.usage;
  record.usageEstimated = answer.usageEstimated;
  if (answer.kind === 'json') {
    sendJsonText(exchange, answer.body, 200);
    return true;
  }
  setOverheadHeader(exchange);
  const writer = new SseWriter(exchange.response);
  writer.start(exchange.head);
  record.firstByteMs = performance.now() - exchange.startedAt;
  const wait = writer.events(answer.body);
  if (wait) await wait;
  writer.end(true);
  return true;
}
