/** Answers with an error in the ingress's format, unless the response already started (a stream reports it in-band). */
import type { GatewayError } from '../../domain/gateway-error.ts';
import type { Exchange } from '../exchange.ts';
import { sendJsonBody } from '../http/send-json-body.ts';
import type { Ingress } from '../ingress/ingress.ts';

export function sendError(exchange: Exchange, error: GatewayError, ingress: Ingress): void {
  const response = exchange.response;
  if (response.headersSent || response.destroyed) return;
  exchange.head.setAll(error.headers);
  sendJsonBody(exchange, ingress.errorBody(error), ingress.errorStatus(error));
}
