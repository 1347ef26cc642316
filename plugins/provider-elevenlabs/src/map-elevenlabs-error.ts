/**
 * ElevenLabs' error answers as ProviderErrors. Business errors are `{detail: {status, message}}`,
 * validation errors (422) `{detail: [{loc, msg, type}]}`. An exhausted quota arrives as a 401 with
 * status `quota_exceeded`: it is not a bad key, and trying again will not help until the quota
 * resets, so it becomes a non-retryable rate_limit that says so.
 */
import { mapHttpError, ProviderError, readErrorBody, type HttpHeaders, type ProviderErrorCode } from '@conduit/plugin-api';

const codes: Readonly<Record<string, ProviderErrorCode>> = {
  invalid_api_key: 'authentication',
  needs_authorization: 'authentication',
  voice_not_found: 'not_found',
  model_not_found: 'not_found',
  max_character_limit_exceeded: 'bad_request',
  'only_for_creator+': 'permission',
  missing_permissions: 'permission',
  authentication_error: 'authentication',
  rate_limit_error: 'rate_limit',
  too_many_concurrent_requests: 'rate_limit',
  system_busy: 'overloaded',
};

export function mapElevenLabsError(status: number, headers: HttpHeaders, text: string): ProviderError {
  const { message, providerCode } = readDetail(text);
  if (providerCode === 'quota_exceeded') {
    return new ProviderError({
      code: 'rate_limit',
      status,
      retryable: false,
      providerCode,
      message: `The ElevenLabs quota is exhausted${message ? `: ${message}` : ''}`,
    });
  }
  return mapHttpError({ status, headers, message, providerCode, code: providerCode ? codes[providerCode] : undefined, providerLabel: 'ElevenLabs' });
}

function readDetail(text: string): { message?: string; providerCode?: string } {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    // A proxy's page or plain text: its message, as every plugin reads one (an HTML page's title).
    return { message: readErrorBody(text).message };
  }
  const detail = (body as { detail?: unknown } | null)?.detail;
  if (typeof detail === 'string') return { message: detail };
  if (Array.isArray(detail)) {
    const problems = detail.map((item: { loc?: unknown[]; msg?: unknown }) => `${(item.loc ?? []).join('.')}: ${String(item.msg ?? 'invalid')}`);
    return { message: problems.join('; '), providerCode: 'validation_error' };
  }
  if (detail && typeof detail === 'object') {
    // The older shape names the problem in `status`; the newer one in `code`, with a `type` class
    // (`authentication_error`) that also comes alone, e.g. on a 400 for a key id sent as a key.
    const { status, code, type, message } = detail as { status?: unknown; code?: unknown; type?: unknown; message?: unknown };
    const named = [status, code].find((value): value is string => typeof value === 'string' && (value in codes || value === 'quota_exceeded'));
    const providerCode = named ?? [status, code, type].find((value): value is string => typeof value === 'string');
    return { message: typeof message === 'string' ? message : undefined, providerCode };
  }
  // Some endpoints answer `{error, message}` without a detail.
  const { error, message } = (body ?? {}) as { error?: unknown; message?: unknown };
  if (typeof message === 'string') return { message, providerCode: typeof error === 'string' ? error : undefined };
  return { message: typeof error === 'string' ? error : undefined };
}
