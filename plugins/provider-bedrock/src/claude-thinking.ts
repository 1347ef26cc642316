/**
 * `reasoning_effort` -> Claude's thinking through Converse, in the model's own request fields
 * (`additionalModelRequestFields`), as AWS documents it for Claude: `thinking: {type: "enabled",
 * budget_tokens}` for models before adaptive thinking, `thinking: {type: "adaptive"}` with
 * `output_config.effort` for Claude Opus 4.6 / Sonnet 4.6 (where budgets are deprecated) and every
 * later model (which refuse budgets). Models that are not Claude, or Claude models that cannot think
 * (Claude 2, Instant, 3 and 3.5), ignore `reasoning_effort`.
 *
 * The rules are provider-anthropic's (see its map-reasoning.ts), with the model table and budgets
 * the plugin API shares (claudeThinkingStyle, claudeThinkingBudget): `none`/`minimal` think not;
 * budgets are clamped below `maxTokens` (which counts the thinking; the client's limit holds), and
 * no thinking when that leaves under 1024; temperature and topP are dropped, since Claude
 * refuses them with thinking; a forced tool choice, or a tool loop whose assistant turn came back
 * without its signed reasoning (Claude would refuse it), goes without thinking.
 */
import { claudeThinkingBudget, claudeThinkingStyle as styleOf, isClaudeEffort, ProviderError, type ChatCompletionRequest, type ClaudeThinkingStyle } from '@conduit/plugin-api';
import type { ConverseRequest } from './converse-types.ts';
import { bareModelId } from './model-capabilities.ts';
/**
 * Without a limit Converse applies the model's default, which a budget must stay below: a request
 * that thinks with a budget and sets no limit gets this one, within every budget model's output limit
 * (Claude Opus 4 has the smallest, 32000), as provider-anthropic's default for them.
 */
const defaultMaxTokens = 32000;

/** A Bedrock model id's thinking style: Anthropic's models only (`anthropic.claude-…`, from any region or ARN). */
export function claudeThinkingStyle(modelId: string): ClaudeThinkingStyle {
  const id = bareModelId(modelId).toLowerCase();
  return id.startsWith('anthropic.claude-') ? styleOf(id) : 'none';
}

export function applyClaudeReasoning(body: ConverseRequest, request: ChatCompletionRequest): void {
  const style = claudeThinkingStyle(request.model);
  const effort = request.reasoning_effort;
  if (style === 'none' || effort === undefined || effort === null || effort === 'none' || effort === 'minimal') return;
  if (!isClaudeEffort(effort)) {
    throw new ProviderError({
      code: 'bad_request',
      message: `reasoning_effort '${String(effort)}' is not supported; use none, minimal, low, medium, high, xhigh or max`,
      param: 'reasoning_effort',
    });
  }
  const choice = body.toolConfig?.toolChoice;
  if (choice && ('any' in choice || 'tool' in choice)) return;
  if (toolLoopWithoutReasoning(body)) return;
  const fields: Record<string, unknown> = {};
  if (style === 'adaptive') {
    fields.thinking = { type: 'adaptive' };
    fields.output_config = { effort };
  } else {
    const limit = body.inferenceConfig?.maxTokens ?? defaultMaxTokens;
    const budget = claudeThinkingBudget(effort, limit);
    if (budget === undefined) return;
    fields.thinking = { type: 'enabled', budget_tokens: budget };
    body.inferenceConfig = { ...body.inferenceConfig, maxTokens: limit };
  }
  body.additionalModelRequestFields = { ...body.additionalModelRequestFields, ...fields };
  if (body.inferenceConfig) {
    delete body.inferenceConfig.temperature;
    delete body.inferenceConfig.topP;
    if (Object.keys(body.inferenceConfig).length === 0) delete body.inferenceConfig;
  }
}

/** The conversation ends in tool results answering an assistant turn that does not open with reasoning. */
function toolLoopWithoutReasoning(body: ConverseRequest): boolean {
  const last = body.messages.at(-1);
  const previous = body.messages.at(-2);
  if (!last || last.role !== 'user' || !last.content.some((block) => 'toolResult' in block)) return false;
  const first = previous?.role === 'assistant' ? previous.content[0] : undefined;
  return !(first && 'reasoningContent' in first);
}
