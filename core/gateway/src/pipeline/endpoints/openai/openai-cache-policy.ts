/**
 * The response-cache policy of OpenAI's JSON endpoints (chat completions, completions, embeddings):
 * the request as it came, minus the fields that only describe who asked or what to do with the
 * answer afterwards (abuse-monitoring ids, stored-completion metadata, the provider's own prompt-cache
 * hints). Everything else — messages, sampling parameters, `n`, `seed`, tools, `stream` — is part of
 * the key, so only an exactly equal request is answered from the cache.
 */
import type { CachePolicy } from '../../endpoint.ts';

const notAnswerChanging = new Set(['user', 'metadata', 'store', 'safety_identifier', 'prompt_cache_key', 'prompt_cache_retention']);

export const openAICachePolicy: CachePolicy<object> = {
  requestKey(request) {
    const key: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(request)) if (!notAnswerChanging.has(name)) key[name] = value;
    return key;
  },
};
