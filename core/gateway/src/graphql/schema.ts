/** Builds the GraphQL schema from the type files; importing them registers their types. */
import type { GraphQLSchema } from 'graphql';
import { builder } from './builder.ts';
import './types/scalars.ts';
import './types/model-capabilities-type.ts';
import './types/plugin-type.ts';
import './types/provider-type.ts';
import './types/model-deployment-type.ts';
import './types/model-cost-type.ts';
import './types/virtual-key-type.ts';
import './types/request-log-type.ts';

let schema: GraphQLSchema | undefined;

export function buildSchema(): GraphQLSchema {
  schema ??= builder.toSchema({ sortSchema: true });
  return schema;
}
