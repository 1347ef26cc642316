import { builder } from '../builder.ts';
import type { ResponseCacheReport } from '../../../services/response-cache-service.ts';

const ResponseCacheStatsType = builder.objectRef<ResponseCacheReport>('ResponseCacheStats');

ResponseCacheStatsType.implement({
  description:
    'The response cache on the instance that answered, since it started (cached answers themselves are shared through Redis when REDIS_URL is set; `requestLogs { cacheHit }` covers every instance).',
  fields: (t) => ({
    hits: t.exposeInt('hits', { description: 'Requests answered from the cache.' }),
    misses: t.exposeInt('misses', { description: 'Lookups that found nothing; the provider answered.' }),
    bypasses: t.exposeInt('bypasses', { description: 'Lookups skipped: Cache-Control no-cache or no-store, or the store was unreachable.' }),
    stores: t.exposeInt('stores', { description: 'Answers stored.' }),
    errors: t.exposeInt('errors', { description: 'Operations on the store that failed or timed out (the requests went to the providers).' }),
    coalesced: t.exposeInt('coalesced', { description: "Requests for a whole answer that waited for an identical request under way on this instance, instead of calling the provider too (then looked up: a hit, or a miss when that request's answer was not stored)." }),
    hitRate: t.float({ nullable: true, description: 'hits / (hits + misses); null before the first lookup.', resolve: (stats) => stats.hitRate }),
    store: t.exposeString('store', { description: '`memory` (this process, bounded by CONDUIT_CACHE_MAX_MB) or `redis` (shared).' }),
  }),
});

builder.queryField('cacheStats', (t) =>
  t.field({
    type: ResponseCacheStatsType,
    description: 'Response cache counts of this instance.',
    resolve: (_root, _args, { services }) => services.responseCache.stats(),
  }),
);

builder.mutationField('clearResponseCache', (t) =>
  t.boolean({
    description: 'Removes every answer from the response cache (with Redis, for every instance).',
    resolve: (_root, _args, { services }) => services.responseCache.clear(),
  }),
);
