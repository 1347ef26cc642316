/**
 * OpenAI chat messages -> Anthropic `system` + `messages`.
 *
 * - system and developer messages, wherever they appear, become the top-level `system`;
 * - assistant tool_calls become `tool_use` blocks (arguments parsed into `input`);
 * - tool messages become `tool_result` blocks inside a user turn;
 * - consecutive turns of the same role are merged, so tool results of a parallel call share one user
 *   turn and a user message right after them joins it (tool results first, as Anthropic requires);
 * - an assistant message's signed `thinking_blocks` open its turn, when the model can think
 *   (`thinkingBlocks`); models that cannot would refuse them.
 */
import type { AssistantMessage, ChatMessage, TextContentPart, ToolMessage } from '@conduit/plugin-api';
import type {
  AnthropicContentBlock,
  AnthropicMessage,
  AnthropicTextBlock,
  AnthropicToolResultBlock,
  AnthropicToolUseBlock,
} from './anthropic-api.ts';
import { mapThinkingBlocks } from './map-thinking-blocks.ts';
import { mapUserContent } from './map-user-content.ts';
import { badRequest, unsupported } from './request-error.ts';

export interface MappedMessages {
  system?: string | AnthropicTextBlock[];
  messages: AnthropicMessage[];
}

interface Turn {
  role: 'user' | 'assistant';
  blocks: AnthropicContentBlock[];
}

export interface MessageMappingOptions {
  /** Whether assistant messages' `thinking_blocks` are sent (the model can think). */
  thinkingBlocks: boolean;
}

export function mapMessages(messages: ChatMessage[], options: MessageMappingOptions = { thinkingBlocks: false }): MappedMessages {
  const system: AnthropicTextBlock[] = [];
  const turns: Turn[] = [];
  messages.forEach((message, index) => {
    const param = `messages[${index}]`;
    switch (message.role) {
      case 'system':
      case 'developer':
        system.push(...textBlocks(message.content));
        return;
      case 'user':
        pushTurn(turns, 'user', mapUserContent(message.content, `${param}.content`));
        return;
      case 'assistant':
        pushTurn(turns, 'assistant', [
          ...(options.thinkingBlocks ? mapThinkingBlocks(message, param) : []),
          ...mapAssistant(message, param),
        ]);
        return;
      case 'tool':
        pushTurn(turns, 'user', [mapToolResult(message)]);
        return;
      case 'function':
        throw unsupported('Deprecated function messages are not supported; use tools and tool messages', param);
      default:
        throw badRequest(`Unknown message role '${(message as { role: string }).role}'`, `${param}.role`);
    }
  });
  const out: MappedMessages = { messages: turns.map(toMessage) };
  if (system.length === 1) out.system = system[0].text;
  else if (system.length > 1) out.system = system;
  return out;
}

/** Anthropic refuses empty text blocks and empty turns; dropping them keeps the conversation valid. */
function pushTurn(turns: Turn[], role: Turn['role'], blocks: AnthropicContentBlock[]): void {
  if (blocks.length === 0) return;
  const last = turns.at(-1);
  if (last && last.role === role) last.blocks.push(...blocks);
  else turns.push({ role, blocks });
}

function toMessage(turn: Turn): AnthropicMessage {
  const only = turn.blocks.length === 1 ? turn.blocks[0] : undefined;
  if (only?.type === 'text') return { role: turn.role, content: only.text };
  return { role: turn.role, content: turn.blocks };
}

function textBlocks(content: string | TextContentPart[] | null | undefined): AnthropicTextBlock[] {
  if (content === null || content === undefined) return [];
  if (typeof content === 'string') return content ? [{ type: 'text', text: content }] : [];
  return content.filter((part) => part.type === 'text' && part.text).map((part) => ({ type: 'text', text: part.text }));
}

function mapAssistant(message: AssistantMessage, param: string): AnthropicContentBlock[] {
  if (message.function_call) {
    throw unsupported('Deprecated function_call is not supported; use tool_calls', `${param}.function_call`);
  }
  const blocks: AnthropicContentBlock[] = [];
  if (typeof message.content === 'string') {
    if (message.content) blocks.push({ type: 'text', text: message.content });
  } else if (Array.isArray(message.content)) {
    for (const part of message.content) {
      const text = part.type === 'text' ? part.text : part.refusal;
      if (text) blocks.push({ type: 'text', text });
    }
  }
  (message.tool_calls ?? []).forEach((call, index) => {
    blocks.push(mapToolCall(call, `${param}.tool_calls[${index}]`));
  });
  return blocks;
}

function mapToolCall(
  call: { id: string; function: { name: string; arguments: string } },
  param: string,
): AnthropicToolUseBlock {
  return {
    type: 'tool_use',
    id: toolId(call.id),
    name: call.function.name,
    input: parseArguments(call.function.arguments, `${param}.function.arguments`),
  };
}

function parseArguments(text: string | undefined, param: string): Record<string, unknown> {
  if (text === undefined || text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw badRequest('Tool call arguments must be valid JSON', param);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw badRequest('Tool call arguments must be a JSON object', param);
  }
  return value as Record<string, unknown>;
}

function mapToolResult(message: ToolMessage): AnthropicToolResultBlock {
  const blocks = typeof message.content === 'string' ? [] : textBlocks(message.content);
  const content = typeof message.content === 'string' ? message.content : blocks.length > 0 ? blocks : '';
  return { type: 'tool_result', tool_use_id: toolId(message.tool_call_id), content };
}

/** Anthropic tool ids match ^[a-zA-Z0-9_-]+$; ids minted by other providers may not. */
function toolId(id: string): string {
  return id.replace(/[^a-zA-Z0-9_-]/g, '_');
}
