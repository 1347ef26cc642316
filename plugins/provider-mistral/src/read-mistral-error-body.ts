/**
 * Extracts message, code and offending field from Mistral's error bodies, which come in several
 * shapes:
 * - `{"object":"error","message":"…","type":"invalid_request_error","param":null,"code":"3051"}`
 * - 422 validation, nested: `{"object":"error","message":{"detail":[{"type":"extra_forbidden","loc":["body","user"],"msg":"Extra inputs are not permitted"}]},"type":"invalid_request_error",…}`
 * - 422 validation, plain FastAPI: `{"detail":[{…}]}` (or `detail` next to a `message` list)
 * - authentication: `{"message":"Unauthorized","request_id":"…"}` or `{"detail":"Unauthorized"}`
 * - OpenAI's `{"error":{…}}`, for proxies in front of Mistral.
 */
import { readErrorBody, type ErrorBodyDetails } from '@conduit/plugin-api';

interface ValidationItem {
  loc?: unknown[];
  msg?: string;
  type?: string;
}

export function readMistralErrorBody(text: string): ErrorBodyDetails {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return readErrorBody(text);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return readErrorBody(text);
  const body = parsed as Record<string, unknown>;
  if (body.error !== undefined && body.error !== null) return readErrorBody(text);

  const providerCode = stringOf(body.type) ?? stringOf(body.code);
  const validation = validationItems(body.message) ?? validationItems(body.detail);
  if (validation) return { ...describeValidation(validation), providerCode: providerCode ?? validation[0]?.type };
  const message = stringOf(body.message) ?? stringOf(body.detail);
  const details: ErrorBodyDetails = {};
  if (message !== undefined) details.message = message;
  if (providerCode !== undefined) details.providerCode = providerCode;
  const param = stringOf(body.param);
  if (param !== undefined) details.param = param;
  return details;
}

function validationItems(value: unknown): ValidationItem[] | undefined {
  if (typeof value === 'string' && value.trimStart().startsWith('{')) {
    // Older answers carried the validation object as a JSON string inside `message`.
    try {
      return validationItems(JSON.parse(value));
    } catch {
      return undefined;
    }
  }
  if (Array.isArray(value)) return value.filter((item): item is ValidationItem => !!item && typeof item === 'object');
  if (value && typeof value === 'object' && Array.isArray((value as { detail?: unknown }).detail)) {
    return validationItems((value as { detail: unknown[] }).detail);
  }
  return undefined;
}

function describeValidation(items: ValidationItem[]): ErrorBodyDetails {
  const paths = items.map((item) => (item.loc ?? []).filter((part) => part !== 'body').join('.'));
  const message = items
    .map((item, index) => (paths[index] ? `${paths[index]}: ${item.msg ?? 'invalid'}` : (item.msg ?? 'invalid')))
    .join('; ');
  const details: ErrorBodyDetails = { message: message || 'Mistral refused the request as invalid' };
  if (paths[0]) details.param = paths[0];
  return details;
}

function stringOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}
