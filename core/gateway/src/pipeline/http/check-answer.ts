/**
 * A plugin's whole answer, checked before the route reads it: an object with its list (`choices`
 * for chat and completions, `data` for embeddings, `results` for moderations). Anything else is a plugin or upstream bug that
 * must be answered as the provider's `invalid_response` (a 502 naming it), not an internal error.
 */
import { ProviderError } from '@conduit/plugin-api';

export async function checkAnswer<T>(answer: Promise<T>, list: 'choices' | 'data' | 'results', providerName: string): Promise<T> {
  const value: unknown = await answer;
  if (value !== null && typeof value === 'object' && Array.isArray((value as Record<string, unknown>)[list])) return value as T;
  throw new ProviderError({
    code: 'invalid_response',
    message: `Provider ${providerName} answered with something that is not an object with a ${list} list`,
  });
}
