/** Validates a /v1 request body with a zod schema; a failure is a 400 naming the offending field. */
import type { z } from 'zod';
import { invalidRequest } from '../../../../domain/gateway-error.ts';

export function parseRequestBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw invalidRequest('The request body must be a JSON object');
  }
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const param = formatPath(issue.path);
  const message =
    issue.code === 'invalid_type' && issue.input === undefined
      ? `Missing required parameter: '${param}'.`
      : `Invalid value for '${param}': ${issue.message}`;
  throw invalidRequest(message, param || null, issue.code === 'invalid_type' && issue.input === undefined ? 'missing_required_parameter' : 'invalid_value');
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}
