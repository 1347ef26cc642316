/**
 * A page of a stored response's input items, as `GET /v1/responses/{id}/input_items` answers it:
 * `order` (`desc`, newest first, by default), `limit` (1-100, default 20), and a cursor `after` (or
 * `before`) naming an item id. An unknown cursor is an empty page, as the API gives.
 */
import { z } from 'zod';
import { invalidRequest } from '../../../../domain/gateway-error.ts';
import type { InputItem } from './input-items.ts';

export interface InputItemsQuery {
  limit: number;
  order: 'asc' | 'desc';
  after?: string | undefined;
  before?: string | undefined;
}

export interface InputItemList {
  object: 'list';
  data: InputItem[];
  first_id: string | null;
  last_id: string | null;
  has_more: boolean;
}

const querySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  order: z.enum(['asc', 'desc']).default('desc'),
  after: z.string().min(1).optional(),
  before: z.string().min(1).optional(),
});

export function parseInputItemsQuery(search: URLSearchParams): InputItemsQuery {
  const raw: Record<string, string> = {};
  for (const name of ['limit', 'order', 'after', 'before']) {
    const value = search.get(name);
    if (value !== null) raw[name] = value;
  }
  const parsed = querySchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const param = String(issue.path[0] ?? 'query');
    throw invalidRequest(`Invalid '${param}': ${issue.message}.`, param, 'invalid_value');
  }
  return parsed.data;
}

export function listInputItems(items: readonly InputItem[], query: InputItemsQuery): InputItemList {
  let ordered = query.order === 'asc' ? [...items] : [...items].reverse();
  if (query.after !== undefined) ordered = ordered.slice(indexOf(ordered, query.after) + 1 || ordered.length);
  if (query.before !== undefined) {
    const index = indexOf(ordered, query.before);
    ordered = index < 0 ? [] : ordered.slice(0, index);
    // The page nearest the cursor, still in the order asked.
    const page = ordered.slice(-query.limit);
    return list(page, ordered.length > page.length);
  }
  const page = ordered.slice(0, query.limit);
  return list(page, ordered.length > page.length);
}

function indexOf(items: readonly InputItem[], id: string): number {
  return items.findIndex((item) => item.id === id);
}

function list(data: InputItem[], hasMore: boolean): InputItemList {
  return { object: 'list', data, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null, has_more: hasMore };
}
