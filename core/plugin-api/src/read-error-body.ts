/**
 * Extracts a message, code and param from an error body in the shapes providers commonly use:
 * OpenAI's `{error: {message, type, code, param}}`, `{error: "text"}`, `{message}`, `{detail}`.
 */
export interface ErrorBodyDetails {
  message?: string;
  providerCode?: string;
  param?: string;
}

export function readErrorBody(text: string): ErrorBodyDetails {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    const trimmed = text.trim();
    return trimmed ? { message: trimmed.slice(0, 500) } : {};
  }
  if (Array.isArray(parsed)) parsed = parsed[0];
  if (!parsed || typeof parsed !== 'object') return {};
  const body = parsed as Record<string, unknown>;
  const error = body.error;
  if (typeof error === 'string') return { message: error, providerCode: stringOrUndefined(body.code) };
  if (error && typeof error === 'object') {
    const inner = error as Record<string, unknown>;
    return {
      message: stringOrUndefined(inner.message),
      // Prefer a symbolic code (`RESOURCE_EXHAUSTED`, `invalid_api_key`) over a numeric one (`429`).
      providerCode:
        (typeof inner.code === 'string' ? inner.code : undefined) ??
        stringOrUndefined(inner.type) ??
        (typeof inner.status === 'string' ? inner.status : undefined) ??
        stringOrUndefined(inner.code) ??
        stringOrUndefined(inner.status),
      param: stringOrUndefined(inner.param),
    };
  }
  const detail = body.detail;
  const message =
    stringOrUndefined(body.message) ??
    (typeof detail === 'string' ? detail : detail !== undefined ? JSON.stringify(detail).slice(0, 500) : undefined);
  return { message, providerCode: stringOrUndefined(body.code) ?? stringOrUndefined(body.type) };
}

function stringOrUndefined(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}
