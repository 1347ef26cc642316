/**
 * Resolves each root query field once per request and arguments: aliases that repeat a list
 * (`a: virtualKeys { id } b: virtualKeys { id } …`) share one read and the same records, so the
 * per-record loaders (batch-loader.ts) dedupe across them too. Mutations are left alone.
 */
import { defaultFieldResolver, type GraphQLSchema } from 'graphql';

export function memoizeRootQueries(schema: GraphQLSchema): GraphQLSchema {
  const fields = schema.getQueryType()?.getFields() ?? {};
  for (const field of Object.values(fields)) {
    const resolve = field.resolve ?? defaultFieldResolver;
    const results = new WeakMap<object, Map<string, unknown>>();
    field.resolve = (source, args, context: object, info) => {
      let byArgs = results.get(context);
      if (!byArgs) {
        byArgs = new Map();
        results.set(context, byArgs);
      }
      const key = JSON.stringify(args);
      if (!byArgs.has(key)) byArgs.set(key, resolve(source, args, context, info));
      return byArgs.get(key);
    };
  }
  return schema;
}
