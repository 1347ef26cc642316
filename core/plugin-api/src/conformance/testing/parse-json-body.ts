/**
 * Reads a fake's request body as JSON without throwing, so the fake can answer an unreadable body
 * with its provider's own 400 (and still record the request).
 */
export interface ParsedJsonBody {
  /** False when the body is not JSON; an empty body is readable, with no value. */
  readable: boolean;
  /** The parsed body; undefined when the body is empty or not JSON. */
  value: unknown;
  /** The parsed body when it is a JSON object (not an array or null). */
  object?: Record<string, unknown>;
}

export function parseJsonBody(body: Buffer): ParsedJsonBody {
  if (body.length === 0) return { readable: true, value: undefined };
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    return { readable: false, value: undefined };
  }
  const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
  return isObject ? { readable: true, value, object: value as Record<string, unknown> } : { readable: true, value };
}
