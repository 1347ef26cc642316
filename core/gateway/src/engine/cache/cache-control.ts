/** What a request's `Cache-Control` header lets the response cache do. */
export interface CacheDirectives {
  /** `no-cache` and `no-store` skip the lookup: the client wants a fresh answer. */
  lookup: boolean;
  /** `no-store` also keeps the answer out of the cache. */
  store: boolean;
}

const useCache: CacheDirectives = { lookup: true, store: true };
const freshAnswer: CacheDirectives = { lookup: false, store: true };
const noCache: CacheDirectives = { lookup: false, store: false };

export function cacheDirectives(header: string | string[] | undefined): CacheDirectives {
  if (header === undefined) return useCache;
  const text = (Array.isArray(header) ? header.join(',') : header).toLowerCase();
  let directives = useCache;
  for (const part of text.split(',')) {
    const name = part.split('=', 1)[0]!.trim();
    if (name === 'no-store') return noCache;
    if (name === 'no-cache') directives = freshAnswer;
  }
  return directives;
}
