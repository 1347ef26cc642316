import type { Usage } from '@conduit/plugin-api';
import type { CohereUsage } from './cohere-types.ts';

/**
 * Cohere reports `tokens` (what the model processed, cache reads included) and `billed_units` (what
 * is charged). `tokens` is used when present because `cached_tokens` is a part of it; billed units
 * are the fallback for responses without it.
 */
export function mapUsage(usage: CohereUsage | null | undefined): Usage | undefined {
  if (!usage) return undefined;
  const prompt = usage.tokens?.input_tokens ?? usage.billed_units?.input_tokens ?? undefined;
  const completion = usage.tokens?.output_tokens ?? usage.billed_units?.output_tokens ?? undefined;
  if (prompt === undefined && completion === undefined) return undefined;
  const promptTokens = prompt ?? 0;
  const completionTokens = completion ?? 0;
  const out: Usage = {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
  };
  if (typeof usage.cached_tokens === 'number') {
    out.prompt_tokens_details = { cached_tokens: Math.min(usage.cached_tokens, promptTokens) };
  }
  return out;
}
