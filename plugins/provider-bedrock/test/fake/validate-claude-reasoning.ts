/**
 * What Claude on Bedrock refuses about thinking, with Bedrock's wrapping of the model's message
 * ("The model returned the following errors: …"): a `thinking` field in `additionalModelRequestFields`
 * with a budget under 1024 or not below `maxTokens`, a budget on a model that only thinks adaptively,
 * `temperature`/`topP` or a forced tool choice with thinking, reasoning sent back that is not the
 * model's own (signature), and, with thinking on, a tool loop whose assistant turn does not open with
 * its reasoning. Returns the ValidationException message, or undefined.
 */
import { validReasoningSignature, validRedactedReasoning } from './reasoning-signatures.ts';

type Json = Record<string, unknown>;

const adaptiveOnly = /claude-(opus-4-[7-9]|opus-[5-9]|sonnet-[5-9]|haiku-[5-9]|fable|mythos)/;
const wrap = (message: string): string => `The model returned the following errors: ${message}`;

export function validateClaudeReasoning(body: Json, model: string): string | undefined {
  const messages = (body.messages as Json[] | undefined) ?? [];
  for (const [index, message] of messages.entries()) {
    for (const [at, block] of ((message.content as Json[] | undefined) ?? []).entries()) {
      const reasoning = block.reasoningContent as { reasoningText?: Json; redactedContent?: unknown } | undefined;
      if (!reasoning) continue;
      if (reasoning.reasoningText && !validReasoningSignature(reasoning.reasoningText.text, reasoning.reasoningText.signature)) {
        return wrap(`messages.${index}.content.${at}: Invalid \`signature\` in \`thinking\` block`);
      }
      if (reasoning.redactedContent !== undefined && !validRedactedReasoning(reasoning.redactedContent)) {
        return wrap(`messages.${index}.content.${at}: Invalid \`data\` in \`redacted_thinking\` block`);
      }
    }
  }
  const fields = (body.additionalModelRequestFields as Json | undefined) ?? {};
  const thinking = fields.thinking as Json | undefined;
  if (!thinking || thinking.type === 'disabled') return undefined;
  const inference = (body.inferenceConfig as Json | undefined) ?? {};
  if (thinking.type === 'enabled') {
    if (adaptiveOnly.test(model)) return wrap('"thinking.type.enabled" is not supported for this model. Use "thinking.type.adaptive" and "output_config.effort" to control thinking behavior.');
    const budget = thinking.budget_tokens;
    if (typeof budget !== 'number' || budget < 1024) return wrap('thinking.enabled.budget_tokens: Input should be greater than or equal to 1024');
    if (typeof inference.maxTokens !== 'number' || inference.maxTokens <= budget) {
      return wrap('`max_tokens` must be greater than `thinking.budget_tokens`.');
    }
  } else if (thinking.type !== 'adaptive') {
    return wrap("thinking.type: Input tag does not match any of the expected tags: 'enabled', 'disabled', 'adaptive'");
  }
  if (inference.temperature !== undefined && inference.temperature !== 1) return wrap('`temperature` may only be set to 1 when thinking is enabled.');
  if (inference.topP !== undefined) return wrap('`top_p` must be greater than or equal to 0.95 or unset when thinking is enabled.');
  const choice = (body.toolConfig as { toolChoice?: Json } | undefined)?.toolChoice;
  if (choice && (choice.any || choice.tool)) return wrap('Thinking may not be enabled when tool_choice forces tool use.');
  const last = messages.at(-1);
  const lastBlocks = (last?.content as Json[] | undefined) ?? [];
  if (last?.role !== 'user' || !lastBlocks.some((block) => 'toolResult' in block)) return undefined;
  const index = messages.length - 2;
  const first = ((messages[index]?.content as Json[] | undefined) ?? [])[0];
  if (first && 'reasoningContent' in first) return undefined;
  return wrap(
    `messages.${index}.content.0.type: Expected \`thinking\` or \`redacted_thinking\`, but found \`${first && 'toolUse' in first ? 'tool_use' : 'text'}\`. When \`thinking\` is enabled, a final \`assistant\` message must start with a thinking block (preceeding the lastmost set of \`tool_use\` and \`tool_result\` blocks). We recommend you include thinking blocks from previous turns. To avoid this requirement, disable \`thinking\`.`,
  );
}
