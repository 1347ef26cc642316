/** What every page shares: the session, the API client and the router, handed down by context. */
import { getContext, setContext } from 'svelte';
import type { GraphQLClient } from './graphql/graphql-client.ts';
import type { Router } from './state/router.svelte.ts';
import type { Session } from './state/session.svelte.ts';

export interface AdminContext {
  session: Session;
  client: GraphQLClient;
  router: Router;
}

const contextKey = Symbol('conduit-admin');

export function setAdminContext(context: AdminContext): void {
  setContext(contextKey, context);
}

export function fromAdminContext(): AdminContext {
  const context = getContext<AdminContext | undefined>(contextKey);
  if (!context) throw new Error('fromAdminContext() outside the admin app');
  return context;
}
