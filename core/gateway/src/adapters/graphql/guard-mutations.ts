/**
 * Wraps every mutation resolver of the built schema: refuses it (FORBIDDEN) unless the caller's role
 * meets its rule in mutation-policy.ts, and records what it changed once it succeeded (the
 * `configChanged` announcement and the audit log; services that write in a transaction put the audit
 * row in it). One place, so no mutation can forget either.
 */
import { defaultFieldResolver, GraphQLError, type GraphQLSchema } from 'graphql';
import { roleAllows } from '../../domain/admin-identity.ts';
import type { GraphQLContext } from './graphql-context.ts';
import type { MutationRule } from './mutation-policy.ts';

const secretName = /(apikey|api_key|secret|password|credential|token)/i;

export function guardMutations(schema: GraphQLSchema, policy: Readonly<Record<string, MutationRule>>): void {
  const mutation = schema.getMutationType();
  if (!mutation) return;
  for (const field of Object.values(mutation.getFields())) {
    const resolve = field.resolve ?? defaultFieldResolver;
    const name = field.name;
    field.resolve = async (root, args: Record<string, unknown>, context: GraphQLContext, info) => {
      const rule = policy[name];
      if (!rule) throw forbidden(`Forbidden: ${name} has no access rule`);
      if (!roleAllows(context.admin.role, rule.role)) {
        throw forbidden(`Forbidden: ${name} needs the ${rule.role} role; this credential is ${context.admin.role}`);
      }
      return context.services.adminChanges.run(
        {
          actor: context.admin,
          mutation: name,
          entity: rule.entity,
          action: rule.action,
          id: idFromArgs(args),
          fields: redactSecrets(args),
          clientIp: context.clientIp,
        },
        async () => (await resolve(root, args, context, info)) as unknown,
        idFromResult,
      );
    };
  }
}

export function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } });
}

/** The changed record's id from an `id` argument. */
function idFromArgs(args: Record<string, unknown>): string | null {
  for (const name of ['id', 'providerId']) {
    if (typeof args[name] === 'string' || typeof args[name] === 'number') return String(args[name]);
  }
  return null;
}

/** Else the result's id (or that of the record it wraps). */
function idFromResult(result: unknown): string | null {
  if (result && typeof result === 'object') {
    const record = result as Record<string, unknown>;
    if (typeof record.id === 'string' || typeof record.id === 'number') return String(record.id);
    for (const value of Object.values(record)) {
      if (value && typeof value === 'object' && 'id' in value) {
        const id = (value as { id: unknown }).id;
        if (typeof id === 'string' || typeof id === 'number') return String(id);
      }
    }
  }
  return null;
}

/** The arguments as given, with every secret-looking field's value replaced by "set". */
export function redactSecrets(value: Record<string, unknown>): Record<string, unknown> {
  const walk = (entry: unknown, key: string): unknown => {
    if (secretName.test(key) && entry !== null && entry !== undefined) return 'set';
    if (entry instanceof Date) return entry.toISOString();
    if (Array.isArray(entry)) return entry.map((item) => walk(item, ''));
    if (entry && typeof entry === 'object') {
      return Object.fromEntries(Object.entries(entry as Record<string, unknown>).map(([name, inner]) => [name, walk(inner, name)]));
    }
    return entry;
  };
  return walk(value, '') as Record<string, unknown>;
}
