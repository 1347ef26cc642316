import type { Usage } from '@conduit/plugin-api';

/**
 * Mistral's usage is OpenAI's with extras (`prompt_audio_seconds`, `num_cached_tokens`, per-message
 * details); only what OpenAI defines is kept, and the total is recomputed from its parts.
 */
export function mapUsage(raw: unknown): Usage | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const usage = raw as Record<string, unknown>;
  const prompt = numberOf(usage.prompt_tokens);
  const completion = numberOf(usage.completion_tokens);
  if (prompt === undefined && completion === undefined) return undefined;
  const out: Usage = {
    prompt_tokens: prompt ?? 0,
    completion_tokens: completion ?? 0,
    total_tokens: (prompt ?? 0) + (completion ?? 0),
  };
  const cached =
    numberOf(detail(usage.prompt_tokens_details, 'cached_tokens')) ??
    numberOf(detail(usage.prompt_token_details, 'cached_tokens')) ??
    numberOf(usage.num_cached_tokens);
  if (cached !== undefined && cached > 0) out.prompt_tokens_details = { cached_tokens: cached };
  const reasoning = numberOf(detail(usage.completion_tokens_details, 'reasoning_tokens'));
  if (reasoning !== undefined && reasoning > 0) out.completion_tokens_details = { reasoning_tokens: reasoning };
  return out;
}

function detail(value: unknown, field: string): unknown {
  return value && typeof value === 'object' ? (value as Record<string, unknown>)[field] : undefined;
}

function numberOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
