/**
 * Validates a /v1 request body with a zod schema; a failure is a 400 naming the offending field
 * with OpenAI's code for it: `missing_required_parameter` only when the field is absent,
 * `invalid_type` for a value of the wrong type, the `*_above_max_*` / `*_below_min_*` codes for
 * values out of range, `invalid_value` otherwise. A custom check sets its code in `params.code`.
 */
import type { z } from 'zod';
import { invalidRequest } from '../../../../domain/gateway-error.ts';
import { jsonTypeName } from './text-or-tokens.ts';

export function parseRequestBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw invalidRequest('The request body must be a JSON object');
  }
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const param = formatPath(issue.path);
  const found = valueAt(body, issue.path);
  const { code, message } = describe(issue, param, found);
  throw invalidRequest(message, param || null, code);
}

function describe(issue: z.core.$ZodIssue, param: string, found: { present: boolean; value: unknown }): { code: string; message: string } {
  switch (issue.code) {
    case 'invalid_type':
      if (!found.present) return { code: 'missing_required_parameter', message: `Missing required parameter: '${param}'.` };
      return {
        code: 'invalid_type',
        message: `Invalid type for '${param}': expected ${expectedName(issue.expected)}, but got ${jsonTypeName(found.value)} instead.`,
      };
    case 'invalid_union': {
      // No branch took the value because of its type (a number where a string or a list goes).
      const expected = issue.errors.map((branch) => branch.find((inner) => inner.code === 'invalid_type' && inner.path.length === 0));
      if (issue.errors.length === 0 || expected.some((inner) => inner === undefined)) break;
      if (!found.present) return { code: 'missing_required_parameter', message: `Missing required parameter: '${param}'.` };
      const names = [...new Set(expected.map((inner) => expectedName((inner as z.core.$ZodIssueInvalidType).expected)))];
      return {
        code: 'invalid_type',
        message: `Invalid type for '${param}': expected one of ${names.join(' or ')}, but got ${jsonTypeName(found.value)} instead.`,
      };
    }
    case 'too_big':
    case 'too_small': {
      const above = issue.code === 'too_big';
      const bound = above ? issue.maximum : issue.minimum;
      if (issue.origin === 'array') {
        if (!above && Array.isArray(found.value) && found.value.length === 0) {
          return { code: 'empty_array', message: `Invalid '${param}': empty array. Expected an array with minimum length ${bound}, but got an empty array instead.` };
        }
        return { code: above ? 'array_above_max_length' : 'array_below_min_length', message: `Invalid '${param}': ${issue.message}.` };
      }
      if (issue.origin === 'string') {
        return { code: above ? 'string_above_max_length' : 'string_below_min_length', message: `Invalid '${param}': ${issue.message}.` };
      }
      const kind = typeof found.value === 'number' && Number.isInteger(found.value) ? 'integer' : 'decimal';
      return {
        code: `${kind}_${above ? 'above_max' : 'below_min'}_value`,
        message: `Invalid '${param}': ${kind} ${above ? 'above maximum' : 'below minimum'} value. Expected a value ${above ? '<=' : '>='} ${bound}, but got ${String(found.value)} instead.`,
      };
    }
    case 'custom': {
      const code = typeof issue.params?.code === 'string' ? issue.params.code : 'invalid_value';
      return { code, message: `Invalid value for '${param}': ${issue.message}.` };
    }
    default:
  }
  return { code: 'invalid_value', message: `Invalid value for '${param}': ${issue.message}` };
}

function expectedName(expected: string): string {
  if (expected === 'number') return 'a number';
  if (expected === 'int') return 'an integer';
  if (expected === 'array') return 'an array';
  if (expected === 'object') return 'an object';
  return `a ${expected}`;
}

/** The value at the issue's path in the body, and whether it is there at all. */
function valueAt(body: unknown, path: readonly PropertyKey[]): { present: boolean; value: unknown } {
  let value = body;
  for (const part of path) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, part)) return { present: false, value: undefined };
    value = (value as Record<PropertyKey, unknown>)[part];
  }
  return { present: value !== undefined, value };
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}
