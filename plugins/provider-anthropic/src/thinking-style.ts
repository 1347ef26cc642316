/**
 * How a Claude model is asked to think, from Anthropic's model documentation (extended thinking and
 * adaptive thinking pages):
 * - `budget`: `thinking: {type: "enabled", budget_tokens}`: Claude 3.7 Sonnet, Claude Sonnet 4 and
 *   Opus 4, Opus 4.1, Sonnet 4.5, Opus 4.5, Haiku 4.5;
 * - `adaptive`: `thinking: {type: "adaptive"}` with `output_config.effort`: Opus 4.6 and Sonnet 4.6
 *   (where budgets are deprecated and adaptive is the recommended way), Opus 4.7 and every later
 *   model (Opus 4.8, Opus 5, Sonnet 5, Fable, Mythos…), which refuse budgets. Claude names not known
 *   here are taken to be newer models, hence adaptive;
 * - `none`: Claude 2, Instant, Claude 3 and 3.5, and names that are not Claude's: no thinking.
 * Bedrock and Vertex style ids (`us.anthropic.claude-…`) are read without their prefix.
 */
export type ThinkingStyle = 'budget' | 'adaptive' | 'none';

const withoutThinking = [/^claude-(2|instant)/, /^claude-3-(?!7-)/];
const withBudget = [
  /^claude-3-7-/,
  /^claude-(opus|sonnet)-4(-\d{8})?(-v\d|$|@|:)/,
  /^claude-(opus|sonnet)-4-[015](-|$|@|:)/,
  /^claude-haiku-4-5(-|$|@|:)/,
];

export function thinkingStyle(model: string): ThinkingStyle {
  const name = model.toLowerCase().replace(/^([a-z-]+\.)?anthropic\./, '');
  if (!name.startsWith('claude-')) return 'none';
  if (withoutThinking.some((pattern) => pattern.test(name))) return 'none';
  if (withBudget.some((pattern) => pattern.test(name))) return 'budget';
  return 'adaptive';
}
