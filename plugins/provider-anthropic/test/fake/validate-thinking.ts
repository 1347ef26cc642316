/**
 * The real Messages API's checks on thinking, as it words them: the `thinking` setting (a budget of
 * at least 1024 and below `max_tokens`; budgets refused by models that only think adaptively), what
 * thinking excludes (`temperature` other than 1, `top_k`, forced tool use), thinking blocks sent
 * back (their signature must be the API's own), and the rule of tool loops: with thinking on, the
 * assistant turn that the final tool results answer must start with its thinking block.
 * Returns the 400 message, or undefined.
 */
import { validRedactedThinking, validThinkingSignature } from './thinking-signatures.ts';

type Json = Record<string, unknown>;

/** Models that only think adaptively (Opus 4.7 and later). */
const adaptiveOnly = /^claude-(opus-4-[7-9]|opus-[5-9]|sonnet-[5-9]|haiku-[5-9]|fable|mythos)/;

export const missingThinkingMessage = (index: number, found: string): string =>
  `messages.${index}.content.0.type: Expected \`thinking\` or \`redacted_thinking\`, but found \`${found}\`. When \`thinking\` is enabled, a final \`assistant\` message must start with a thinking block (preceeding the lastmost set of \`tool_use\` and \`tool_result\` blocks). We recommend you include thinking blocks from previous turns. To avoid this requirement, disable \`thinking\`. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking`;

export function validateThinking(body: Json, conversation: Json[]): string | undefined {
  const blocksError = validateThinkingBlocks(conversation);
  if (blocksError) return blocksError;
  const thinking = body.thinking as Json | undefined;
  if (thinking === undefined || thinking === null) return undefined;
  const type = thinking.type;
  if (type !== 'enabled' && type !== 'adaptive' && type !== 'disabled') {
    return "thinking.type: Input tag does not match any of the expected tags: 'enabled', 'disabled', 'adaptive'";
  }
  if (type === 'disabled') return undefined;
  if (type === 'enabled') {
    if (adaptiveOnly.test(String(body.model))) {
      return '"thinking.type.enabled" is not supported for this model. Use "thinking.type.adaptive" and "output_config.effort" to control thinking behavior.';
    }
    const budget = thinking.budget_tokens;
    if (typeof budget !== 'number' || !Number.isInteger(budget)) return 'thinking.enabled.budget_tokens: Field required';
    if (budget < 1024) return 'thinking.enabled.budget_tokens: Input should be greater than or equal to 1024';
    if (typeof body.max_tokens === 'number' && body.max_tokens <= budget) {
      return '`max_tokens` must be greater than `thinking.budget_tokens`. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking#max-tokens-and-context-window-size';
    }
  }
  if (body.temperature !== undefined && body.temperature !== 1) {
    return '`temperature` may only be set to 1 when thinking is enabled. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking#feature-compatibility';
  }
  if (body.top_k !== undefined) {
    return '`top_k` is not supported when thinking is enabled. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking#feature-compatibility';
  }
  const choice = (body.tool_choice as Json | undefined)?.type;
  if (choice === 'any' || choice === 'tool') return 'Thinking may not be enabled when tool_choice forces tool use.';
  return validateToolLoop(conversation);
}

function blocksOf(content: unknown): Json[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return Array.isArray(content) ? (content as Json[]) : [];
}

/** Every thinking block sent back must carry the API's own signature (or redacted data). */
function validateThinkingBlocks(conversation: Json[]): string | undefined {
  for (const [index, message] of conversation.entries()) {
    for (const [blockIndex, block] of blocksOf(message.content).entries()) {
      const at = `messages.${index}.content.${blockIndex}`;
      if (block.type === 'thinking') {
        if (typeof block.signature !== 'string') return `${at}.thinking.signature: Field required`;
        if (!validThinkingSignature(block.thinking, block.signature)) return `${at}: Invalid \`signature\` in \`thinking\` block`;
      } else if (block.type === 'redacted_thinking' && !validRedactedThinking(block.data)) {
        return `${at}: Invalid \`data\` in \`redacted_thinking\` block`;
      }
    }
  }
  return undefined;
}

/** The final tool results answer an assistant turn that must open with thinking. */
function validateToolLoop(conversation: Json[]): string | undefined {
  const last = conversation.at(-1);
  if (!last || last.role !== 'user' || !blocksOf(last.content).some((block) => block.type === 'tool_result')) return undefined;
  const index = conversation.length - 2;
  const assistant = conversation[index];
  if (!assistant || assistant.role !== 'assistant') return undefined;
  const first = blocksOf(assistant.content)[0];
  if (first?.type === 'thinking' || first?.type === 'redacted_thinking') return undefined;
  return missingThinkingMessage(index, String(first?.type ?? 'text'));
}
