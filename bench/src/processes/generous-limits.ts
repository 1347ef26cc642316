/**
 * Limits and budgets land in the schema while this harness exists, under names it cannot know in
 * advance. So it asks the schema: every numeric input field that looks like a rate limit or a budget
 * (rpm, tpm, maxBudget, …), directly or inside a nested limits/budget input, gets a value far above
 * what a benchmark uses. The gateway then runs those checks on every request without refusing any.
 */
import type { GraphQLCall } from './graphql-client.ts';

interface TypeRef {
  kind: string;
  name: string | null;
  ofType: TypeRef | null;
}

interface InputField {
  name: string;
  type: TypeRef;
}

const typeQuery = `query($name: String!) { __type(name: $name) { kind enumValues { name } inputFields { name type {
  kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } }`;

const limitName = /rpm|tpm|rpd|tpd|per_?minute|per_?day|per_?hour|requests_?per|tokens_?per|rate|limit|concurren|parallel/i;
const budgetName = /budget|spend_?limit|max_?spend|max_?cost/i;
const groupName = /limit|budget|rate|quota/i;
const periodName = /period|duration|window|interval|reset/i;

export const generousCount = 1_000_000_000;
export const generousUsd = 1_000_000;

export interface GenerousValues {
  values: Record<string, unknown>;
  /** Dotted field names that were set, for the report. */
  applied: string[];
}

export async function generousLimits(graphql: GraphQLCall, inputType: string, prefix = ''): Promise<GenerousValues> {
  const fields = await inputFields(graphql, inputType);
  const values: Record<string, unknown> = {};
  const applied: string[] = [];
  for (const field of fields) {
    const required = field.type.kind === 'NON_NULL';
    const named = unwrap(field.type);
    if (named.list) continue;
    const path = `${prefix}${field.name}`;
    if (named.kind === 'SCALAR' && (named.name === 'Int' || named.name === 'Float')) {
      if (budgetName.test(field.name)) values[field.name] = generousUsd;
      else if (limitName.test(field.name)) values[field.name] = generousCount;
      else continue;
      applied.push(`${path}=${String(values[field.name])}`);
    } else if (named.kind === 'INPUT_OBJECT' && (groupName.test(field.name) || required)) {
      const nested = await generousLimits(graphql, named.name!, `${path}.`);
      if (nested.applied.length > 0 || required) {
        values[field.name] = nested.values;
        applied.push(...nested.applied);
      }
    } else if (named.kind === 'ENUM' && (required || (periodName.test(field.name) && fields.some((other) => budgetName.test(other.name))))) {
      const options = await enumValues(graphql, named.name!);
      const choice = options.find((option) => /month/i.test(option)) ?? options[0];
      if (choice !== undefined) {
        values[field.name] = choice;
        applied.push(`${path}=${choice}`);
      }
    }
  }
  return { values, applied };
}

async function inputFields(graphql: GraphQLCall, name: string): Promise<InputField[]> {
  const data = await graphql<{ __type: { inputFields: InputField[] | null } | null }>(typeQuery, { name });
  return data.__type?.inputFields ?? [];
}

async function enumValues(graphql: GraphQLCall, name: string): Promise<string[]> {
  const data = await graphql<{ __type: { enumValues: Array<{ name: string }> | null } | null }>(typeQuery, { name });
  return (data.__type?.enumValues ?? []).map((value) => value.name);
}

function unwrap(type: TypeRef): { kind: string; name: string | null; list: boolean } {
  let current: TypeRef | null = type;
  let list = false;
  while (current && (current.kind === 'NON_NULL' || current.kind === 'LIST')) {
    if (current.kind === 'LIST') list = true;
    current = current.ofType;
  }
  return { kind: current?.kind ?? 'SCALAR', name: current?.name ?? null, list };
}
