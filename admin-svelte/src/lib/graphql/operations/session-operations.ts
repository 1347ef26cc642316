import { graphql } from '../graphql.ts';

/** The cheapest query that needs a valid admin key; issue 14's `me` replaces it. */
export const CheckAdminKey = graphql(`query CheckAdminKey { unreadNotificationCount }`);
