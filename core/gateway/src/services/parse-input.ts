/** Validates admin input with a zod schema; the first problem becomes an InputError naming its field. */
import type { z } from 'zod';
import { InputError } from './input-error.ts';

export function parseInput<S extends z.ZodType>(schema: S, input: unknown, prefix = 'input'): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = [prefix, ...issue.path.map(String)].join('.');
  throw new InputError(field, issue.message);
}
