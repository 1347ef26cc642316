/** Builds the GraphQL schema from the type files; importing them registers their types. */
import type { GraphQLSchema } from 'graphql';
import { builder } from './builder.ts';
import { memoizeRootQueries } from './memoize-root-queries.ts';
import { guardMutations } from './guard-mutations.ts';
import { mutationPolicy } from './mutation-policy.ts';
import './types/scalars.ts';
import './types/model-capabilities-type.ts';
import './types/plugin-type.ts';
import './types/provider-type.ts';
import './types/model-deployment-type.ts';
import './types/deployment-audio-capabilities-field.ts';
import './types/model-cost-type.ts';
import './types/virtual-key-type.ts';
import './types/request-log-type.ts';
import './types/budget-type.ts';
import './types/key-group-type.ts';
import './types/model-cost-transfer-type.ts';
import './types/unpriced-model-type.ts';
import './types/ip-filter-type.ts';
import './types/notification-type.ts';
import './types/webhook-settings-type.ts';
import './types/limit-settings-type.ts';
import './types/router-settings-type.ts';
import './types/fallback-rule-type.ts';
import './types/provider-health-type.ts';
import './types/deployment-routing-type.ts';
import './types/config-change-type.ts';
import './types/live-stats-type.ts';
import './types/admin-token-type.ts';
import './types/audit-log-type.ts';
import './types/usage-type.ts';
import './types/realtime-session-type.ts';
import './types/response-cache-type.ts';

let schema: GraphQLSchema | undefined;

export function buildSchema(): GraphQLSchema {
  if (!schema) {
    schema = memoizeRootQueries(builder.toSchema({ sortSchema: true }));
    guardMutations(schema, mutationPolicy);
  }
  return schema;
}
