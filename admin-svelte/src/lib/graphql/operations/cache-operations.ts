import { graphql } from '../graphql.ts';

/** This instance's response cache counts since it started, and where it keeps its answers. */
export const CacheStats = graphql(`
  query CacheStats { cacheStats { hits misses bypasses stores errors coalesced hitRate store } }
`);

/** Removes every cached answer (with Redis, for every instance); ADMIN only. */
export const ClearResponseCache = graphql(`mutation ClearResponseCache { clearResponseCache }`);
