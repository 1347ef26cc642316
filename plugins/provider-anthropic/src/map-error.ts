/**
 * Anthropic errors -> ProviderError. Every non-2xx body and the `error` stream event carry
 * `{type: 'error', error: {type, message, details?}, request_id}`; `error.type` decides the code,
 * the HTTP status only when the body is not Anthropic's (a proxy's HTML page, an empty body).
 */
import {
  mapHttpError,
  readErrorBody,
  type HttpHeaders,
  type ProviderError,
  type ProviderErrorCode,
} from '@conduit/plugin-api';
import type { AnthropicErrorObject } from './anthropic-api.ts';

const providerLabel = 'Anthropic';

const codeByType: Readonly<Record<string, ProviderErrorCode>> = {
  invalid_request_error: 'bad_request',
  authentication_error: 'authentication',
  billing_error: 'permission',
  permission_error: 'permission',
  not_found_error: 'not_found',
  conflict_error: 'bad_request',
  request_too_large: 'context_length',
  rate_limit_error: 'rate_limit',
  api_error: 'server',
  timeout_error: 'timeout',
  overloaded_error: 'overloaded',
};

/** The HTTP status Anthropic documents for each error type; used for errors that arrive in a stream. */
const statusByType: Readonly<Record<string, number>> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  conflict_error: 409,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
};

export interface AnthropicErrorDetails {
  type?: string;
  message?: string;
  /** `error.details.error_code`, e.g. `enforced_spend_limit_reached`. */
  errorCode?: string;
}

export function readAnthropicError(text: string): AnthropicErrorDetails {
  try {
    const body = JSON.parse(text) as { type?: unknown; error?: unknown };
    if (body && typeof body === 'object' && body.error && typeof body.error === 'object') {
      return fromErrorObject(body.error as Partial<AnthropicErrorObject>);
    }
  } catch {
    // Not JSON: fall through to the generic reader, which keeps the text as the message.
  }
  const generic = readErrorBody(text);
  return { type: generic.providerCode, message: generic.message };
}

export function mapAnthropicHttpError(status: number, headers: HttpHeaders, bodyText: string): ProviderError {
  const details = readAnthropicError(bodyText);
  return mapHttpError({
    status,
    headers,
    message: details.message,
    providerCode: details.errorCode ?? details.type,
    code: details.type ? codeByType[details.type] : undefined,
    providerLabel,
  });
}

/** An `error` event inside a 200 stream; the caller's stream wrapper sets the phase. */
export function mapAnthropicStreamError(error: Partial<AnthropicErrorObject> | undefined): ProviderError {
  const details = fromErrorObject(error ?? {});
  const type = details.type ?? 'api_error';
  return mapHttpError({
    status: statusByType[type] ?? 500,
    headers: {},
    message: details.message,
    providerCode: details.errorCode ?? type,
    code: codeByType[type] ?? 'server',
    providerLabel,
  });
}

function fromErrorObject(error: Partial<AnthropicErrorObject>): AnthropicErrorDetails {
  const errorCode = error.details?.error_code;
  return {
    type: typeof error.type === 'string' ? error.type : undefined,
    message: typeof error.message === 'string' ? error.message : undefined,
    errorCode: typeof errorCode === 'string' ? errorCode : undefined,
  };
}
