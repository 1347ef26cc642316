/**
 * JSON objects checked in one plain pass: a zod record checks and copies member by member (~1 µs
 * each; an object's members are bounded by the body's shape limits, json-shape-limits.ts). The value
 * is passed on as it came, not copied; the issues are zod's own.
 */
import { z } from 'zod';

/** A JSON object whose members can be anything (a JSON schema, a file part): only its type is checked. */
export function jsonObject(): z.ZodType<Record<string, unknown>> {
  return z.unknown().check((ctx) => {
    if (!isJsonObject(ctx.value)) ctx.issues.push({ code: 'invalid_type', expected: 'record', input: ctx.value });
  }) as unknown as z.ZodType<Record<string, unknown>>;
}

/** A JSON object whose members are numbers (`logit_bias`). */
export function numberRecord(): z.ZodType<Record<string, number>> {
  return z.unknown().check((ctx) => {
    const value = ctx.value;
    if (!isJsonObject(value)) {
      ctx.issues.push({ code: 'invalid_type', expected: 'record', input: value });
      return;
    }
    for (const key in value) {
      if (typeof value[key] === 'number') continue;
      ctx.issues.push({ code: 'invalid_type', expected: 'number', input: value[key], path: [key] });
      return;
    }
  }) as unknown as z.ZodType<Record<string, number>>;
}

function isJsonObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
