import type { Usage } from '@conduit/plugin-api';
import type { AcmeTokenCounts } from './acme-api.ts';

/** Acme counts cache reads apart from the prompt; OpenAI's `prompt_tokens` includes them. */
export function mapTokenCounts(counts: AcmeTokenCounts): Usage {
  const cached = counts.prompt_cached ?? 0;
  const promptTokens = counts.prompt + cached;
  const usage: Usage = {
    prompt_tokens: promptTokens,
    completion_tokens: counts.generated,
    total_tokens: promptTokens + counts.generated,
  };
  if (cached > 0) usage.prompt_tokens_details = { cached_tokens: cached };
  return usage;
}
