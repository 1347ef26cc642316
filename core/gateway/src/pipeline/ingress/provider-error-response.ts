/**
 * What the client sees when the provider failed: the status, type and code that describe it without
 * exposing the provider's credentials or internals, in OpenAI's types: the provider's failures are
 * `server_error` (5xx), its refusals of the request `invalid_request_error`. Upstream auth failures are
 * the gateway's configuration problem, not the client's, so they become 502.
 */
import type { ProviderError } from '@conduit/plugin-api';
import { GatewayError } from '../../domain/gateway-error.ts';

export function providerErrorResponse(error: ProviderError, providerName: string): GatewayError {
  const from = `provider '${providerName}'`;
  const headers: Record<string, string> = {};
  if (error.retryAfterMs !== undefined) headers['retry-after'] = String(Math.max(1, Math.ceil(error.retryAfterMs / 1000)));
  switch (error.code) {
    case 'bad_request':
      return new GatewayError({ status: 400, type: 'invalid_request_error', code: error.providerCode ?? null, param: error.param, message: error.message });
    case 'context_length':
      return new GatewayError({ status: 400, type: 'invalid_request_error', code: 'context_length_exceeded', param: error.param ?? 'messages', message: error.message });
    case 'content_filter':
      return new GatewayError({ status: 400, type: 'invalid_request_error', code: 'content_filter', message: error.message });
    case 'unsupported':
      return new GatewayError({ status: 400, type: 'invalid_request_error', code: 'unsupported', param: error.param, message: error.message });
    case 'not_found':
      // The client's model name reached a provider that does not know it: OpenAI's unknown-model answer.
      return new GatewayError({ status: 404, type: 'invalid_request_error', code: 'model_not_found', param: 'model', message: `${from} does not know the model: ${error.message}` });
    case 'rate_limit':
      return new GatewayError({ status: 429, type: 'rate_limit_error', code: 'upstream_rate_limited', message: `${from} is rate limiting: ${error.message}`, headers });
    case 'authentication':
    case 'permission':
      return new GatewayError({ status: 502, type: 'server_error', code: 'upstream_auth_failed', message: `${from} rejected the gateway's credentials` });
    case 'timeout':
      return new GatewayError({ status: 504, type: 'server_error', code: 'upstream_timeout', message: `${from} timed out: ${error.message}` });
    case 'overloaded':
      return new GatewayError({ status: 503, type: 'server_error', code: 'upstream_overloaded', message: `${from} is overloaded: ${error.message}`, headers });
    case 'aborted':
      return new GatewayError({ status: 499, type: 'invalid_request_error', code: 'client_closed_request', message: 'The client closed the request' });
    case 'connection':
    case 'server':
    case 'invalid_response':
    default:
      return new GatewayError({ status: 502, type: 'server_error', code: `upstream_${error.code}`, message: `${from} failed: ${error.message}` });
  }
}
