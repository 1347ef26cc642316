/**
 * Anthropic requires `max_tokens`; OpenAI clients usually leave it out and expect the model's own
 * limit. These defaults stay within each model family's output limit: Claude 2 and Claude 3 models
 * top out at 4096 output tokens, Claude 3.5 at 8192, every later model at 32000 or more. Names that
 * are not Claude's (custom deployments behind a compatible endpoint) get the conservative 4096.
 */
const families: ReadonlyArray<readonly [RegExp, number]> = [
  [/^claude-(2|instant)/, 4096],
  [/^claude-3-5-/, 8192],
  [/^claude-3-7-/, 32000],
  [/^claude-3-/, 4096],
  [/^claude-/, 32000],
];

export const fallbackMaxTokens = 4096;

export function defaultMaxTokens(model: string): number {
  // Bedrock and Vertex style ids: `us.anthropic.claude-…`, `anthropic.claude-…`.
  const name = model.toLowerCase().replace(/^([a-z]+\.)?anthropic\./, '');
  for (const [pattern, tokens] of families) if (pattern.test(name)) return tokens;
  return fallbackMaxTokens;
}
