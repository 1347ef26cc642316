/**
 * Sends server-sent events the gateway makes (speech as `speech.audio.delta`, a transcript as
 * `transcript.text.delta`), with the same guarantees as a relayed stream: the response starts with
 * the first event, so a deployment that fails before it is replaced by the next; a client that goes
 * away cancels the upstream call; a failure after the first event ends the stream with the
 * ingress's error event. The ingress frames the events (OpenAI's `data:` lines, Anthropic's named events).
 */
import { performance } from 'node:perf_hooks';
import { ProviderError, networkError } from '@conduit/plugin-api';
import type { Cancellation } from '@conduit/plugin-api/internal';
import type { RoutePlan } from '../../engine/routing/plan-routes.ts';
import type { Router } from '../../engine/routing/router.ts';
import type { RequestRecord } from '../../engine/usage/request-record.ts';
import type { GatewayEventsDelivery } from '../endpoint.ts';
import type { Exchange } from '../exchange.ts';
import { setRouteHeaders } from '../http/route-headers.ts';
import { SseWriter } from '../http/sse-writer.ts';
import { setOverheadHeader } from '../http/upstream-time.ts';
import type { Ingress } from '../ingress/ingress.ts';
import { providerErrorResponse } from '../ingress/provider-error-response.ts';
import { applyAnswerUsage } from './apply-answer-usage.ts';
import { openToFirstItem, returnQuietly } from './first-item.ts';

export async function relayEvents<Input>(
  exchange: Exchange,
  record: RequestRecord,
  call: { delivery: GatewayEventsDelivery<Input>; input: Input; plan: RoutePlan; router: Router; cancellation: Cancellation },
  ingress: Ingress,
): Promise<void> {
  const { delivery, input, cancellation } = call;
  const {
    value: started,
    route,
    attempts,
    finish,
  } = await openToFirstItem(exchange, record, call, (candidate, options) => delivery.open(candidate, input, options), (opened) => opened.events);

  setOverheadHeader(exchange);
  setRouteHeaders(exchange.head, route, attempts);
  exchange.head.setAll(started.opened.headers ?? {});
  const writer = new SseWriter(exchange.response);
  writer.start(exchange.head);
  record.firstByteMs = performance.now() - exchange.startedAt;

  let completed = false;
  let thrown: unknown;
  let last: object | undefined;
  try {
    if (started.first !== undefined) {
      last = started.first;
      let wait = writer.events(ingress.streamEvent(started.first));
      while (!writer.closed) {
        if (wait) await wait;
        const next = await started.iterator.next();
        if (next.done) break;
        last = next.value;
        wait = writer.events(ingress.streamEvent(next.value));
      }
    }
    completed = !writer.closed;
  } catch (error) {
    thrown = error;
    const failure = ProviderError.isInstance(error) ? error : networkError(error, cancellation);
    const answer = providerErrorResponse(failure, route.provider.name);
    record.streamError = { code: answer.code ?? failure.code, message: answer.message };
    if (!cancellation.aborted) await writer.events(ingress.streamErrorEvent(answer, last));
  } finally {
    finish(thrown);
    if (!completed) await returnQuietly(started.iterator);
    // The gateway's streams end with their last event (OpenAI's audio `done`, Anthropic's `message_stop`), without `[DONE]`.
    writer.end(false);
  }
  applyAnswerUsage(record, started.opened.usage());
}
