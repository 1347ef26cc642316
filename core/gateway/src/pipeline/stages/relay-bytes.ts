/**
 * Relays a body of bytes (speech) to the client as the provider produces it. The response starts
 * with the first chunk: a deployment that fails before it is replaced by the next one without the
 * client noticing. After the first byte a failure can only cut the response short (the body has no
 * room for an error), so the connection is closed without the chunked terminator and the client sees
 * an incomplete body. A client that goes away cancels the upstream call (the router's cancellation),
 * and the stream is returned so the plugin closes its upstream at once.
 */
import { performance } from 'node:perf_hooks';
import { ProviderError, networkError } from '@conduit/plugin-api';
import type { Cancellation } from '@conduit/plugin-api/internal';
import type { RoutePlan } from '../../engine/routing/plan-routes.ts';
import type { Router } from '../../engine/routing/router.ts';
import type { RequestRecord } from '../../engine/usage/request-record.ts';
import type { ByteStreamDelivery } from '../endpoint.ts';
import type { Exchange } from '../exchange.ts';
import { drainedOrClosed } from '../http/drained-or-closed.ts';
import { setRouteHeaders } from '../http/route-headers.ts';
import { setOverheadHeader } from '../http/upstream-time.ts';
import { providerErrorResponse } from '../ingress/provider-error-response.ts';
import { openToFirstItem, returnQuietly } from './first-item.ts';
import { applyAnswerUsage } from './apply-answer-usage.ts';

export async function relayBytes<Input>(
  exchange: Exchange,
  record: RequestRecord,
  call: { delivery: ByteStreamDelivery<Input>; input: Input; plan: RoutePlan; router: Router; cancellation: Cancellation },
): Promise<void> {
  const { delivery, input, cancellation } = call;
  const {
    value: started,
    route,
    attempts,
    finish,
  } = await openToFirstItem(exchange, record, call, (candidate, options) => delivery.open(candidate, input, options), (opened) => opened.body);

  const response = exchange.response;
  const head = exchange.head;
  setOverheadHeader(exchange);
  setRouteHeaders(head, route, attempts);
  head.setAll(started.opened.headers ?? {});
  head.set('content-type', started.opened.contentType);
  head.set('cache-control', 'no-cache');
  head.writeTo(response, 200);
  record.firstByteMs = performance.now() - exchange.startedAt;

  let completed = false;
  let thrown: unknown;
  try {
    if (started.first !== undefined && (await write(exchange, started.first))) {
      while (!closed(exchange)) {
        const next = await started.iterator.next();
        if (next.done) break;
        if (!(await write(exchange, next.value))) break;
      }
    }
    completed = !closed(exchange);
  } catch (error) {
    thrown = error;
    const failure = ProviderError.isInstance(error) ? error : networkError(error, cancellation);
    const answer = providerErrorResponse(failure, route.provider.name);
    record.streamError = { code: answer.code ?? failure.code, message: answer.message };
  } finally {
    finish(thrown);
    if (!completed) await returnQuietly(started.iterator);
    if (completed) response.end();
    else if (!response.destroyed) response.destroy();
  }
  applyAnswerUsage(record, started.opened.usage());
}

function closed(exchange: Exchange): boolean {
  return exchange.response.destroyed || exchange.response.writableEnded;
}

/** Writes a chunk, waiting for the client when it is not keeping up; false once the client is gone. */
async function write(exchange: Exchange, chunk: Uint8Array): Promise<boolean> {
  const response = exchange.response;
  if (closed(exchange)) return false;
  if (chunk.length > 0 && !response.write(chunk)) await drainedOrClosed(response);
  return !closed(exchange);
}

