/**
 * A prompt or embeddings input: a string, a list of strings, a list of token ids, or a list of
 * token-id lists. Checked by hand in one linear pass that stops at the first wrong element: a zod
 * union of array schemas validates every element of every branch it tries, recording an issue per
 * element, so a few million token ids took seconds and gigabytes before it failed.
 */
import { z } from 'zod';
import { requestLimits } from './request-limits.ts';

export interface TextOrTokensOptions {
  /** Whether an empty string list or token list is refused. */
  nonEmpty?: boolean;
}

type TextOrTokens = string | string[] | number[] | number[][];

const expected = 'a string, an array of strings, an array of integer token ids or an array of arrays of token ids';

export function textOrTokens(options: TextOrTokensOptions = {}): z.ZodType<TextOrTokens> {
  return z.unknown().superRefine((value, ctx) => {
    const problem = checkTextOrTokens(value, options.nonEmpty === true);
    if (problem) ctx.addIssue({ code: 'custom', message: problem.message, params: { code: problem.code } });
  }) as unknown as z.ZodType<TextOrTokens>;
}

interface Problem {
  message: string;
  code: string;
}

function checkTextOrTokens(value: unknown, nonEmpty: boolean): Problem | undefined {
  if (typeof value === 'string') return undefined;
  if (!Array.isArray(value)) return { message: `expected ${expected}, but got ${jsonTypeName(value)} instead`, code: 'invalid_type' };
  if (value.length === 0) return nonEmpty ? { message: 'expected a non-empty array, but got an empty array instead', code: 'empty_array' } : undefined;
  const first = value[0];
  if (typeof first === 'string') {
    if (value.length > requestLimits.inputItems) return tooMany('strings', requestLimits.inputItems);
    for (let index = 0; index < value.length; index++) {
      if (typeof value[index] !== 'string') return { message: `expected an array of strings, but item ${index} is ${jsonTypeName(value[index])}`, code: 'invalid_type' };
    }
    return undefined;
  }
  if (typeof first === 'number') {
    if (value.length > requestLimits.tokenIds) return tooMany('token ids', requestLimits.tokenIds);
    const bad = firstNonTokenId(value);
    return bad === -1 ? undefined : { message: `expected an array of integer token ids, but item ${bad} is ${jsonTypeName(value[bad])}`, code: 'invalid_type' };
  }
  if (Array.isArray(first)) {
    if (value.length > requestLimits.inputItems) return tooMany('token arrays', requestLimits.inputItems);
    let total = 0;
    for (let index = 0; index < value.length; index++) {
      const list = value[index];
      if (!Array.isArray(list)) return { message: `expected an array of arrays of token ids, but item ${index} is ${jsonTypeName(list)}`, code: 'invalid_type' };
      if (nonEmpty && list.length === 0) return { message: `item ${index} is an empty array of token ids`, code: 'empty_array' };
      total += list.length;
      if (total > requestLimits.tokenIds) return tooMany('token ids', requestLimits.tokenIds);
      const bad = firstNonTokenId(list);
      if (bad !== -1) return { message: `expected arrays of integer token ids, but item ${index}[${bad}] is ${jsonTypeName(list[bad])}`, code: 'invalid_type' };
    }
    return undefined;
  }
  return { message: `expected ${expected}, but item 0 is ${jsonTypeName(first)}`, code: 'invalid_type' };
}

function firstNonTokenId(list: readonly unknown[]): number {
  for (let index = 0; index < list.length; index++) {
    const token = list[index];
    if (typeof token !== 'number' || !Number.isInteger(token)) return index;
  }
  return -1;
}

function tooMany(what: string, limit: number): Problem {
  return { message: `more than ${limit} ${what}; the limit is ${limit}`, code: 'array_above_max_length' };
}

/** How OpenAI names a JSON value's type in its errors ("got a string instead"). */
export function jsonTypeName(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a decimal';
  if (typeof value === 'object') return 'an object';
  return typeof value === 'boolean' ? 'a boolean' : `a ${typeof value}`;
}
