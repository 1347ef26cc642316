/**
 * Validates a /v1 request body with a zod schema; a failure is a 400 naming the offending field
 * with OpenAI's code for it: `missing_required_parameter` only when the field is absent,
 * `invalid_type` for a value of the wrong type, the `*_above_max_*` / `*_below_min_*` codes for
 * values out of range, `invalid_value` otherwise. A custom check sets its code in `params.code`.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { z } from 'zod';
import { GatewayError, invalidRequest } from '../../../../domain/gateway-error.ts';
import { jsonTypeName } from './text-or-tokens.ts';

export function parseRequestBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw invalidRequest('The request body must be a JSON object');
  }
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  throw refusal(result.error, body, []);
}

/**
 * A request schema with one list that can be long (chat messages), checked a slice of items per turn
 * of the event loop when it is: zod checks thousands of messages in one go (~10 ms for 2,000).
 */
export interface ListInTurns<S extends z.ZodType> {
  /** The whole request's schema: what a request with a short list is checked with, at once. */
  whole: S;
  /** The field holding the list. */
  field: string;
  /** The schema of one item. */
  item: z.ZodType;
  /** The whole schema with the list's items unchecked (the list's own bounds kept). */
  around: z.ZodType;
}

/** Items' weight checked between two turns of the event loop (an item weighs 1 plus its lists' lengths): ~1 ms. */
const weightPerTurn = 256;

/**
 * Checks a request as `parseRequestBody` does, the long list a slice of items per turn. A request whose
 * list weighs less than a turn's worth is checked by the whole schema at once, as before (and without
 * a promise of its own: the usual request pays nothing for the long ones).
 */
export function parseRequestBodyInTurns<S extends z.ZodType>(schema: ListInTurns<S>, body: unknown): z.infer<S> | Promise<z.infer<S>> {
  const list = body !== null && typeof body === 'object' ? (body as Record<string, unknown>)[schema.field] : undefined;
  if (!Array.isArray(list) || !heavierThan(list, weightPerTurn)) return parseRequestBody(schema.whole, body);
  return checkInTurns(schema, body as object);
}

async function checkInTurns<S extends z.ZodType>(schema: ListInTurns<S>, body: object): Promise<z.infer<S>> {
  const around = parseRequestBody(schema.around, body) as Record<string, unknown[]>;
  const items = around[schema.field]!;
  let weight = 0;
  for (let index = 0; index < items.length; index++) {
    if (weight >= weightPerTurn) {
      weight = 0;
      await nextTurn();
    }
    const result = schema.item.safeParse(items[index]);
    if (!result.success) throw refusal(result.error, body, [schema.field, index]);
    weight += weightOf(items[index]);
    items[index] = result.data;
  }
  return around as z.infer<S>;
}

function heavierThan(list: readonly unknown[], bound: number): boolean {
  if (list.length > bound) return true;
  let weight = 0;
  for (const item of list) if ((weight += weightOf(item)) > bound) return true;
  return false;
}

/** 1, plus the length of each list the item holds (a message's content parts, its tool calls). */
function weightOf(item: unknown): number {
  let weight = 1;
  if (item === null || typeof item !== 'object') return weight;
  for (const key in item) {
    const value = (item as Record<string, unknown>)[key];
    if (Array.isArray(value)) weight += value.length;
  }
  return weight;
}

/** The 400 for the first issue, its path read from the body's root (`at`: where the checked value is). */
function refusal(error: z.ZodError, body: object, at: readonly PropertyKey[]): GatewayError {
  let issue = error.issues[0]!;
  let path = at.length === 0 ? issue.path : [...at, ...issue.path];
  // A union whose value fits one branch by type (a list of content parts) is refused for what that branch found.
  while (issue.code === 'invalid_union') {
    const fitting = issue.errors.filter((branch) => !branch.some((inner) => inner.code === 'invalid_type' && inner.path.length === 0));
    const inner = fitting.length === 1 ? fitting[0]![0] : undefined;
    if (inner === undefined) break;
    issue = inner;
    path = [...path, ...inner.path];
  }
  const param = formatPath(path);
  const found = valueAt(body, path);
  const { code, message } = describe(issue, param, found);
  return invalidRequest(message, param || null, code);
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
