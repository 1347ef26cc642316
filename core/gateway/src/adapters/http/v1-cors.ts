/**
 * Browser access to /v1, as OpenAI's API allows it (the openai SDK's `dangerouslyAllowBrowser` relies
 * on it): any origin, never with credentials. That is safe because /v1 authenticates with a key in a
 * header, never a cookie, so a page can only use a key it already holds. /graphql's CORS is apart and
 * closed by default (CONDUIT_ADMIN_CORS_ORIGINS).
 */
import type { ResponseHead } from '../../pipeline/http/response-head.ts';

/** Response headers a page may read; without this list a browser hides all but a handful. */
const exposedHeaders = [
  'x-request-id',
  'request-id',
  'retry-after',
  'x-conduit-attempts',
  'x-conduit-budget-reset',
  'x-conduit-cache',
  'x-conduit-deployment',
  'x-conduit-overhead-ms',
  'x-conduit-provider',
  'x-conduit-transcoded-from',
  'x-ratelimit-limit-requests',
  'x-ratelimit-limit-tokens',
  'x-ratelimit-remaining-requests',
  'x-ratelimit-remaining-tokens',
  'x-ratelimit-reset-requests',
  'x-ratelimit-reset-tokens',
].join(', ');

/** For any /v1 request that carries an `Origin`: lets the page read the answer and its headers. */
export function allowCrossOrigin(head: ResponseHead): void {
  head.set('access-control-allow-origin', '*');
  head.set('access-control-expose-headers', exposedHeaders);
}

/**
 * The answer to a browser's preflight (`OPTIONS` with `Access-Control-Request-Method`): every method
 * and whichever headers the page asked for (the SDKs send `x-stainless-*`, `openai-*`,
 * `anthropic-version` and more, and new ones appear; only the key in them is checked, later).
 */
export function allowPreflight(head: ResponseHead, requestedHeaders: string | undefined): void {
  head.set('access-control-allow-origin', '*');
  head.set('access-control-allow-methods', 'GET, POST, OPTIONS');
  if (requestedHeaders) head.set('access-control-allow-headers', requestedHeaders);
  // Chromium caps the cache at two hours; Firefox takes a day.
  head.set('access-control-max-age', '7200');
  head.set('vary', 'access-control-request-headers');
}
