/**
 * Anthropic's wire format: errors as `{"type":"error","error":{"type","message"}}` with Anthropic's
 * error types, an upstream overload as its 529 `overloaded_error`, and named stream events
 * (`event: message_start`, …), a failure after the first one as `event: error`.
 */
import type { GatewayError } from '../../domain/gateway-error.ts';
import type { Ingress } from './ingress.ts';

/** Anthropic's status for an overloaded API, which its SDKs retry. */
const overloadedStatus = 529;

export interface AnthropicErrorBody {
  type: 'error';
  error: { type: string; message: string };
}

export const anthropicIngress: Ingress = {
  errorBody: (error): AnthropicErrorBody => ({ type: 'error', error: { type: anthropicErrorType(error), message: error.message } }),
  errorStatus: (error) => (isOverload(error) ? overloadedStatus : error.status),
  streamEvent: (event) => `event: ${(event as { type: string }).type}\ndata: ${JSON.stringify(event)}\n\n`,
  streamErrorEvent: (error) => `event: error\ndata: ${JSON.stringify(anthropicIngress.errorBody(error))}\n\n`,
  // Anthropic's SDKs read `request-id` (`message._request_id`, `error.requestID`).
  requestIdHeader: 'request-id',
  // Anthropic's SDKs send the key in `x-api-key`; `Authorization: Bearer` is accepted as well.
  missingKeyMessage: "You didn't provide an API key. Pass your virtual key in the x-api-key header or in the Authorization header (Bearer ck-...).",
};

export function anthropicErrorType(error: GatewayError): string {
  if (isOverload(error)) return 'overloaded_error';
  switch (error.status) {
    case 400:
      return 'invalid_request_error';
    case 401:
      return 'authentication_error';
    case 402:
      return 'billing_error';
    case 403:
      return 'permission_error';
    case 404:
      return 'not_found_error';
    case 413:
      return 'request_too_large';
    case 429:
      return 'rate_limit_error';
    case 504:
      return 'timeout_error';
    default:
      return error.status < 500 ? 'invalid_request_error' : 'api_error';
  }
}

function isOverload(error: GatewayError): boolean {
  return error.code === 'upstream_overloaded';
}
