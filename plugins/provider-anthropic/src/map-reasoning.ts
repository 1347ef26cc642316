/**
 * `reasoning_effort` -> Claude's thinking, for models that can think (claudeThinkingStyle, in the
 * plugin API, shared with the Bedrock plugin); other models ignore it, as OpenAI-compatible clients
 * send it freely.
 *
 * - `none` and `minimal` ask for no thinking: nothing is sent.
 * - Adaptive models get `thinking: {type: "adaptive"}` and the level as `output_config.effort`, the
 *   way Anthropic's documentation asks for them (low, medium, high, xhigh and max are its levels too).
 * - Budget models get `thinking: {type: "enabled", budget_tokens}` (claudeThinkingBudget: LiteLLM's
 *   levels). The budget must be at least 1024 and below `max_tokens`, which counts the thinking too (as OpenAI's
 *   `max_completion_tokens` counts reasoning): the budget is clamped below `max_tokens` rather than
 *   `max_tokens` raised, so the client's limit (and the cost the gateway reserved for it) holds;
 *   a limit of 1024 or less leaves no room to think, and the request goes without.
 * - With thinking on, Anthropic refuses `temperature` (other than 1), `top_k` and a narrowed `top_p`:
 *   they are dropped, since clients often send a temperature by habit and asked for reasoning on
 *   purpose. It also refuses forced tool use (`tool_choice` any or a named tool): the client's
 *   forced call wins and the request goes without thinking.
 * - A tool loop whose last assistant turn came back without its signed thinking blocks (a client
 *   that dropped them) would be refused ("a final assistant message must start with a thinking
 *   block"): that request goes without thinking, so the client keeps working; the next turn, which
 *   starts a new loop, thinks again.
 */
import { claudeThinkingBudget, claudeThinkingStyle, isClaudeEffort, type ChatCompletionRequest } from '@conduit/plugin-api';
import type { AnthropicMessage, AnthropicMessagesRequest } from './anthropic-api.ts';
import { badRequest } from './request-error.ts';

export function applyReasoning(body: AnthropicMessagesRequest, request: ChatCompletionRequest): void {
  const style = claudeThinkingStyle(request.model);
  const effort = request.reasoning_effort;
  if (style === 'none' || effort === undefined || effort === null || effort === 'none' || effort === 'minimal') return;
  if (!isClaudeEffort(effort)) {
    throw badRequest(`reasoning_effort '${String(effort)}' is not supported; use none, minimal, low, medium, high, xhigh or max`, 'reasoning_effort');
  }
  if (body.tool_choice?.type === 'any' || body.tool_choice?.type === 'tool') return;
  if (toolLoopWithoutThinking(body.messages)) return;
  if (style === 'adaptive') {
    body.thinking = { type: 'adaptive' };
    body.output_config = { ...body.output_config, effort };
  } else {
    const budget = claudeThinkingBudget(effort, body.max_tokens);
    if (budget === undefined) return;
    body.thinking = { type: 'enabled', budget_tokens: budget };
  }
  delete body.temperature;
  delete body.top_p;
}

/** The conversation ends in tool results answering an assistant turn that does not start with thinking. */
export function toolLoopWithoutThinking(messages: AnthropicMessage[]): boolean {
  const last = messages.at(-1);
  const previous = messages.at(-2);
  if (!last || last.role !== 'user' || typeof last.content === 'string') return false;
  if (!last.content.some((block) => block.type === 'tool_result')) return false;
  if (!previous || previous.role !== 'assistant' || typeof previous.content === 'string') return true;
  const first = previous.content[0];
  return first?.type !== 'thinking' && first?.type !== 'redacted_thinking';
}
