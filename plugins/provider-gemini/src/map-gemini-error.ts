/**
 * Google's error body (`{error: {code, message, status, details}}`, sometimes wrapped in an array) ->
 * ProviderError. The canonical status name decides the code where the HTTP status is ambiguous: an
 * invalid API key is a 400 INVALID_ARGUMENT with reason API_KEY_INVALID, a missing one a 403. The
 * retry delay comes from a Retry-After header or, as Gemini sends it, a google.rpc.RetryInfo detail.
 */
import {
  ProviderError,
  mapHttpError,
  readErrorBody,
  type HttpHeaders,
  type ProviderErrorCode,
} from '@conduit/plugin-api';
import type { GeminiErrorBody } from './gemini-api.ts';

export interface GeminiErrorInput {
  /** The HTTP status; for an in-stream error event, the event's `error.code`. */
  status: number;
  headers: HttpHeaders;
  /** The raw body text. */
  body: string;
}

type ErrorDetail = NonNullable<GeminiErrorBody['error']['details']>[number];

const codeByStatusName: Readonly<Record<string, ProviderErrorCode>> = {
  UNAUTHENTICATED: 'authentication',
  PERMISSION_DENIED: 'permission',
  NOT_FOUND: 'not_found',
  RESOURCE_EXHAUSTED: 'rate_limit',
  UNAVAILABLE: 'overloaded',
  INTERNAL: 'server',
  UNKNOWN: 'server',
  DATA_LOSS: 'server',
  CANCELLED: 'server',
  DEADLINE_EXCEEDED: 'timeout',
  INVALID_ARGUMENT: 'bad_request',
  FAILED_PRECONDITION: 'bad_request',
  OUT_OF_RANGE: 'bad_request',
  UNIMPLEMENTED: 'bad_request',
};

const authenticationReasons = new Set(['API_KEY_INVALID', 'API_KEY_EXPIRED', 'ACCESS_TOKEN_EXPIRED']);
const authenticationMessage = /API key not valid|API key not found|API key expired|unregistered callers|missing (an )?API key/i;
// "The input token count (1200000) exceeds the maximum number of tokens allowed (1048576)."
const contextLengthMessage = /exceeds the maximum number of tokens|input token count|context (length|window)/i;

export function mapGeminiError(input: GeminiErrorInput): ProviderError {
  const parsed = parseGoogleError(input.body);
  const message = parsed?.message ?? readErrorBody(input.body).message;
  const statusName = parsed?.status;
  const reason = parsed?.details?.find((detail) => typeOf(detail) === 'google.rpc.ErrorInfo')?.reason;
  const reasonText = typeof reason === 'string' ? reason : undefined;

  let code: ProviderErrorCode | undefined = statusName ? codeByStatusName[statusName] : undefined;
  if ((reasonText && authenticationReasons.has(reasonText)) || (message && authenticationMessage.test(message))) {
    code = 'authentication';
  } else if (code === 'bad_request' && message && contextLengthMessage.test(message)) {
    code = 'context_length';
  }

  const error = mapHttpError({
    status: input.status,
    headers: input.headers,
    message,
    providerCode: reasonText ?? statusName,
    code,
    providerLabel: 'Gemini',
  });
  const retryAfterMs = error.retryAfterMs ?? retryDelayMs(parsed?.details);
  return retryAfterMs === error.retryAfterMs ? error : new ProviderError({ ...error.toOptions(), retryAfterMs });
}

/** The `error` object of a Google error body, or undefined when the text is not one. */
export function parseGoogleError(text: string): GeminiErrorBody['error'] | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (Array.isArray(value)) value = value[0];
  const error = (value as { error?: unknown } | null | undefined)?.error;
  if (!error || typeof error !== 'object') return undefined;
  return error as GeminiErrorBody['error'];
}

/** RetryInfo.retryDelay is a protobuf Duration in JSON: decimal seconds with an `s`, e.g. `45.8s`. */
export function retryDelayMs(details: readonly ErrorDetail[] | undefined): number | undefined {
  const info = details?.find((detail) => typeOf(detail) === 'google.rpc.RetryInfo');
  const delay = info?.retryDelay;
  if (typeof delay !== 'string') return undefined;
  const match = /^(\d+(?:\.\d+)?)s$/.exec(delay.trim());
  return match ? Math.ceil(Number(match[1]) * 1000) : undefined;
}

function typeOf(detail: ErrorDetail): string | undefined {
  const type = detail['@type'];
  return typeof type === 'string' ? type.slice(type.lastIndexOf('/') + 1) : undefined;
}
