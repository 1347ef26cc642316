/** Delivers a single answer: the router calls deployments until one answers, and the answer is sent as JSON. */
import { rawJsonBytesOf, rawJsonOf, type Cancellation } from '@conduit/plugin-api/internal';
import type { RoutePlan } from '../../engine/routing/plan-routes.ts';
import type { Router } from '../../engine/routing/router.ts';
import type { RequestRecord } from '../../engine/usage/request-record.ts';
import type { AnswerDelivery, UsageEstimate } from '../endpoint.ts';
import type { Exchange } from '../exchange.ts';
import { setRouteHeaders } from '../http/route-headers.ts';
import { sendJsonText, sendText } from '../http/send-json-body.ts';
import { sendJsonBytes } from '../http/send-json-bytes.ts';
import { awaitUpstream } from '../http/upstream-time.ts';
import { applyAnswerUsage } from './apply-answer-usage.ts';
import { callOptions } from './call-options.ts';

/** Resolves with the JSON text sent (for the response cache), or undefined when the answer was rendered otherwise. */
export async function deliverAnswer<Input>(
  exchange: Exchange,
  record: RequestRecord,
  call: { delivery: AnswerDelivery<Input, object>; input: Input; plan: RoutePlan; router: Router; cancellation: Cancellation; estimate: UsageEstimate },
): Promise<string | undefined> {
  const { delivery, input, cancellation } = call;
  const { value: answer, route, attempts } = await awaitUpstream(
    exchange,
    record,
    call.router.call(call.plan, cancellation, (route) => delivery.call(route, input, callOptions(route, cancellation, exchange.requestId))),
  );
  applyAnswerUsage(record, delivery.usage(answer, route, call.estimate.prompt));
  setRouteHeaders(exchange.head, route, attempts);
  const rendered = await delivery.render?.(answer, input);
  if (rendered) {
    sendText(exchange, rendered.contentType, rendered.body);
    return undefined;
  }
  // A large answer read a piece at a time (images) goes out as the bytes it came as.
  const bytes = rawJsonBytesOf(answer);
  if (bytes) {
    await sendJsonBytes(exchange, bytes);
    return undefined;
  }
  const text = rawJsonOf(answer) ?? JSON.stringify(answer);
  sendJsonText(exchange, text, 200);
  return text;
}
