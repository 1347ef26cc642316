/**
 * The pipeline: the stages every endpoint shares, in one place. Authenticate, IP filter, permission,
 * parse, plan routes, admit (reserve), then call or relay through the router, and — whatever happened —
 * answer errors in the ingress's format and hand the finished request to the usage recorder (settle,
 * log, metrics). Stages return values; what the request learned is kept in its RequestRecord.
 */
import { GatewayError } from '../domain/gateway-error.ts';
import type { AuthenticatedKey } from '../engine/keys/virtual-key-cache.ts';
import { newRequestRecord, type RequestRecord } from '../engine/usage/request-record.ts';
import type { Delivery, Endpoint, RoutedRequest } from './endpoint.ts';
import type { Exchange } from './exchange.ts';
import { abortOnDisconnect } from './http/abort-on-disconnect.ts';
import { sendJsonBody } from './http/send-json-body.ts';
import { openAIIngress, type Ingress } from './ingress/ingress.ts';
import type { PipelineDependencies } from './pipeline-dependencies.ts';
import { callOptions } from './stages/call-options.ts';
import { checkPermission } from './stages/check-permission.ts';
import { deliverAnswer } from './stages/deliver-answer.ts';
import { addRateLimitHeaders } from './stages/rate-limit-headers.ts';
import { recordFinished } from './stages/record-finished.ts';
import { relayBytes } from './stages/relay-bytes.ts';
import { relayEvents } from './stages/relay-events.ts';
import { relayStream } from './stages/relay-stream.ts';
import { answerFromCache, answerFromCacheOrLead, cacheTicketOf, type LeadingFlight } from './stages/response-cache-stage.ts';
import type { CacheTicket } from '../engine/cache/response-cache.ts';
import { sendError } from './stages/send-error.ts';
import { presentedKeyPrefix } from './stages/guard-authentication.ts';
import { toGatewayError } from './stages/to-gateway-error.ts';

/** Runs one request through the pipeline; resolves with the key it was authenticated with, if any. */
export async function runEndpoint<Input>(
  endpoint: Endpoint<Input>,
  exchange: Exchange,
  dependencies: PipelineDependencies,
  ingress: Ingress = openAIIngress,
): Promise<AuthenticatedKey | undefined> {
  let key: AuthenticatedKey | undefined;
  // Every answered request is logged, refusals included: the record exists from the start.
  const record = newRequestRecord(endpoint.name);
  let failure: GatewayError | undefined;
  if (ingress.requestIdHeader) exchange.head.set(ingress.requestIdHeader, exchange.requestId);
  try {
    const { ipFilter } = dependencies;
    if (ipFilter) exchange.clientIp = ipFilter.beforeAuthentication(originOf(exchange), exchange.clientIp);
    key = await dependencies.authenticate(exchange.request.headers, exchange.clientIp, ingress.missingKeyMessage);
    ipFilter?.afterAuthentication(exchange.clientIp, key.id);
    checkPermission(key, endpoint.permission);
    const input = await endpoint.parse(exchange, dependencies.limits, key);
    const delivery = endpoint.delivery(input);
    if (delivery.kind === 'local') {
      const answer = await delivery.answer(input, key, dependencies.config.current);
      await addRateLimitHeaders(exchange, key, dependencies.admission, dependencies.logger);
      sendJsonBody(exchange, answer);
      recordFinished(dependencies.usage, dependencies.logger, exchange, record, key.id, undefined);
      return key;
    }
    if (!endpoint.route) throw new Error(`endpoint ${endpoint.name} relays to a provider but declares no route`);
    const routed = endpoint.route(input);
    record.model = routed.model;
    record.stream = routed.stream;
    await callProvider(exchange, record, key, input, routed, delivery, dependencies, ingress, cacheTicketOf(endpoint, input, routed, exchange, dependencies));
  } catch (error) {
    failure = toGatewayError(error, dependencies.logger, exchange.requestId);
    if (failure.status === 401) record.keyPrefix = presentedKeyPrefix(exchange.request.headers);
    if (failure.status >= 500) {
      dependencies.logger.warn({ requestId: exchange.requestId, status: failure.status, code: failure.code }, failure.message);
    }
    // A refusal by the admission carries the headers of the admission itself.
    if (key && !carriesRateLimits(failure)) await addRateLimitHeaders(exchange, key, dependencies.admission, dependencies.logger);
    sendError(exchange, failure, ingress);
  }
  recordFinished(dependencies.usage, dependencies.logger, exchange, record, key?.id, failure);
  return key;
}

async function callProvider<Input>(
  exchange: Exchange,
  record: RequestRecord,
  key: AuthenticatedKey,
  input: Input,
  routed: RoutedRequest,
  delivery: Exclude<Delivery<Input>, { kind: 'local' }>,
  dependencies: PipelineDependencies,
  ingress: Ingress,
  cacheTicket: CacheTicket | undefined,
): Promise<void> {
  const { router } = dependencies;
  const plan = router.plan(key, routed.model, routed.capabilities, routed.hints, routed.fit);
  const { estimate } = routed;
  const admitted = await dependencies.admission.admit({
    key,
    requestId: exchange.requestId,
    endpoint: record.endpoint,
    model: routed.model,
    routes: plan.routes,
    prompt: estimate.prompt,
    maxOutputTokens: estimate.maxOutputTokens,
    audio: estimate.audio,
    images: estimate.images,
  });
  record.admission = admitted.ticket;
  exchange.head.setAll(admitted.headers);
  const cache = cacheTicket && dependencies.cache;
  let flight: LeadingFlight | undefined;
  if (cache && delivery.kind === 'answer') {
    const found = await answerFromCacheOrLead(exchange, record, cacheTicket, cache);
    if (found.answered) return;
    flight = found.flight;
  } else if (cache && (await answerFromCache(exchange, record, cacheTicket, cache))) return;
  const cancellation = abortOnDisconnect(exchange.response);
  if (delivery.kind === 'answer') {
    let stored: Promise<void> | undefined;
    try {
      const sent = await deliverAnswer(exchange, record, { delivery, input, plan, router, cancellation, estimate });
      if (cache && sent !== undefined) stored = cache.store(cacheTicket, { kind: 'json', body: sent, usage: record.usage, usageEstimated: record.usageEstimated }, record.route?.cacheTtlSeconds);
    } finally {
      flight?.land(stored);
    }
    return;
  }
  if (delivery.kind === 'byte-stream') {
    await relayBytes(exchange, record, { delivery, input, plan, router, cancellation });
    return;
  }
  if (delivery.kind === 'gateway-events') {
    await relayEvents(exchange, record, { delivery, input, plan, router, cancellation }, ingress);
    return;
  }
  const sent = await relayStream(exchange, record, {
    plan,
    router,
    cancellation,
    open: (route) => delivery.open(route, input, callOptions(route, cancellation, exchange.requestId)),
    hasOutput: delivery.hasOutput,
    outputText: delivery.outputText,
    outputKeys: delivery.outputKeys,
    includeUsage: delivery.includeUsage(input),
    prompt: estimate.prompt,
    recordUpTo: cache && cacheTicket.store ? cache.maxEntryChars : undefined,
  });
  if (cache && sent !== undefined) void cache.store(cacheTicket, { kind: 'sse', body: sent, usage: record.usage, usageEstimated: record.usageEstimated }, record.route?.cacheTtlSeconds);
}

function originOf(exchange: Exchange): { remoteAddress: string | undefined; forwardedFor: string | string[] | undefined } {
  return { remoteAddress: exchange.request.socket.remoteAddress, forwardedFor: exchange.request.headers['x-forwarded-for'] };
}

function carriesRateLimits(error: GatewayError): boolean {
  for (const name in error.headers) if (name.startsWith('x-ratelimit-')) return true;
  return false;
}
