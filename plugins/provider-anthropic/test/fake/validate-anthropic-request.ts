/**
 * The request checks of the real Messages API that a translating client most easily gets wrong:
 * required fields, roles, empty content, tool_use / tool_result pairing, sampling parameter ranges,
 * the parameters API version 2026-10-21 removed, and thinking (validate-thinking.ts). Returns the
 * 400 message, or undefined.
 */
import { validateThinking } from './validate-thinking.ts';

type Json = Record<string, unknown>;

export const knownApiVersions = new Set(['2023-01-01', '2023-06-01', '2026-10-21']);

export function validateAnthropicRequest(body: Json, apiVersion: string): string | undefined {
  for (const field of ['model', 'max_tokens', 'messages']) {
    if (body[field] === undefined) return `${field}: Field required`;
  }
  if (typeof body.max_tokens !== 'number' || !Number.isInteger(body.max_tokens) || body.max_tokens < 0) {
    return 'max_tokens: Input should be a valid integer';
  }
  if (apiVersion >= '2026-10-21') {
    for (const field of ['temperature', 'top_p', 'top_k']) {
      if (body[field] !== undefined) return `${field}: Extra inputs are not permitted`;
    }
  }
  if (typeof body.temperature === 'number' && (body.temperature < 0 || body.temperature > 1)) {
    return 'temperature: Input should be less than or equal to 1';
  }
  if (!Array.isArray(body.messages)) return 'messages: Input should be a valid list';
  return validateMessages(body.messages as Json[]) ?? validateThinking(body, mergeTurns((body.messages as Json[]).filter((message) => message.role !== 'system')));
}

function blocksOf(content: unknown): Json[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return Array.isArray(content) ? (content as Json[]) : [];
}

function validateMessages(messages: Json[]): string | undefined {
  const conversation = messages.filter((message) => message.role !== 'system');
  for (const [index, message] of messages.entries()) {
    if (!['user', 'assistant', 'system'].includes(String(message.role))) {
      return `messages.${index}.role: Input should be 'user' or 'assistant'`;
    }
    const blocks = blocksOf(message.content);
    const isFinalAssistant = message.role === 'assistant' && message === conversation.at(-1);
    if (blocks.length === 0 && !isFinalAssistant) {
      return `messages.${index}: all messages must have non-empty content except for the optional final assistant message`;
    }
    if (blocks.some((block) => block.type === 'text' && (typeof block.text !== 'string' || block.text === ''))) {
      return 'messages: text content blocks must be non-empty';
    }
  }
  return validateToolPairing(mergeTurns(conversation));
}

/** The API combines consecutive turns of one role before it checks them. */
function mergeTurns(conversation: Json[]): Json[] {
  const merged: Json[] = [];
  for (const message of conversation) {
    const last = merged.at(-1);
    if (last && last.role === message.role) last.content = [...blocksOf(last.content), ...blocksOf(message.content)];
    else merged.push({ role: message.role, content: blocksOf(message.content) });
  }
  return merged;
}

/** Every tool_use must be answered in the next message, and every tool_result must answer one. */
function validateToolPairing(conversation: Json[]): string | undefined {
  for (const [index, message] of conversation.entries()) {
    const blocks = blocksOf(message.content);
    if (message.role === 'assistant') {
      const ids = blocks.filter((block) => block.type === 'tool_use').map((block) => String(block.id));
      const next = conversation[index + 1];
      if (ids.length === 0 || !next) continue;
      const answered = new Set(blocksOf(next.content).filter((block) => block.type === 'tool_result').map((block) => String(block.tool_use_id)));
      const missing = ids.filter((id) => !answered.has(id));
      if (missing.length > 0) {
        return `messages.${index + 1}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${missing.join(', ')}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`;
      }
    } else {
      const previous = conversation[index - 1];
      const known = new Set(
        previous?.role === 'assistant'
          ? blocksOf(previous.content).filter((block) => block.type === 'tool_use').map((block) => String(block.id))
          : [],
      );
      for (const [blockIndex, block] of blocks.entries()) {
        if (block.type === 'tool_result' && !known.has(String(block.tool_use_id))) {
          return `messages.${index}.content.${blockIndex}: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${String(block.tool_use_id)}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`;
        }
      }
    }
  }
  return undefined;
}
