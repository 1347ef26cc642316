/**
 * How a Claude model is asked to think, shared by the plugins that serve Claude (Anthropic's API,
 * Bedrock's Converse), from Anthropic's model documentation (extended and adaptive thinking pages):
 * - `budget`: `thinking: {type: "enabled", budget_tokens}`: Claude 3.7 Sonnet, Claude Sonnet 4 and
 *   Opus 4, Opus 4.1, Sonnet 4.5, Opus 4.5, Haiku 4.5;
 * - `adaptive`: `thinking: {type: "adaptive"}` with `output_config.effort`: Opus 4.6 and Sonnet 4.6
 *   (where budgets are deprecated and adaptive is the recommended way), Opus 4.7 and every later
 *   model (Opus 4.8, Opus 5, Sonnet 5, Fable, Mythos…), which refuse budgets. Claude names not known
 *   here are taken to be newer models, hence adaptive;
 * - `none`: Claude 2, Instant, Claude 3 and 3.5, and names that are not Claude's: no thinking.
 * Bedrock and Vertex style ids (`us.anthropic.claude-…`, `…@date`, `…-v1:0`) are read without their
 * prefix and suffix.
 *
 * Budgets per `reasoning_effort` level: Anthropic publishes no mapping; these are LiteLLM's defaults
 * (low 1024, medium 2048, high 4096, xhigh 8192, max 16384), the conventional one OpenAI-compatible
 * clients of Claude already meet. A budget must be at least 1024 and below the output limit, which
 * counts the thinking too.
 */
export type ClaudeThinkingStyle = 'budget' | 'adaptive' | 'none';
export type ClaudeEffort = 'low' | 'medium' | 'high' | 'xhigh' | 'max';

const withoutThinking = [/^claude-(v?2|instant)/, /^claude-3-(?!7-)/];
const withBudget = [
  /^claude-3-7-/,
  /^claude-(opus|sonnet)-4(-\d{8})?(-v\d|$|@|:)/,
  /^claude-(opus|sonnet)-4-[015](-|$|@|:)/,
  /^claude-haiku-4-5(-|$|@|:)/,
];

export function claudeThinkingStyle(model: string): ClaudeThinkingStyle {
  const name = model.toLowerCase().replace(/^([a-z-]+\.)?anthropic\./, '');
  if (!name.startsWith('claude-')) return 'none';
  if (withoutThinking.some((pattern) => pattern.test(name))) return 'none';
  if (withBudget.some((pattern) => pattern.test(name))) return 'budget';
  return 'adaptive';
}

export const claudeThinkingBudgets: Readonly<Record<ClaudeEffort, number>> = { low: 1024, medium: 2048, high: 4096, xhigh: 8192, max: 16384 };

/** Anthropic's smallest thinking budget. */
export const minimumClaudeThinkingBudget = 1024;

export function isClaudeEffort(value: string): value is ClaudeEffort {
  return Object.hasOwn(claudeThinkingBudgets, value);
}

/** The budget for `effort` below an output limit of `maxTokens`; undefined when that leaves too little to think. */
export function claudeThinkingBudget(effort: ClaudeEffort, maxTokens: number): number | undefined {
  const budget = Math.min(claudeThinkingBudgets[effort], maxTokens - 1);
  return budget < minimumClaudeThinkingBudget ? undefined : budget;
}
