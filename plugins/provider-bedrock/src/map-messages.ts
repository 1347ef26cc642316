/**
 * OpenAI chat messages as Converse `system` blocks and `messages`. Converse knows two roles and wants
 * them to alternate: tool results are user content blocks, and consecutive messages of one role are
 * merged into one. An assistant message's `thinking_blocks` open its turn as reasoning content, for
 * models that reason (`reasoningBlocks`): signed reasoning text, and redacted reasoning (base64, as
 * Converse's JSON carries blobs). Unsigned reasoning is dropped: Claude refuses it.
 */
import { ProviderError, type ChatMessage, type TextContentPart } from '@conduit/plugin-api';
import type { ConverseContentBlock, ConverseMessage } from './converse-types.ts';
import { mapImage } from './map-image.ts';

export interface MappedMessages {
  system: Array<{ text: string }>;
  messages: ConverseMessage[];
}

export interface MessageMappingOptions {
  /** Whether assistant messages' `thinking_blocks` are sent (a Claude model that can think). */
  reasoningBlocks: boolean;
}

export function mapMessages(input: readonly ChatMessage[], options: MessageMappingOptions = { reasoningBlocks: false }): MappedMessages {
  const system: Array<{ text: string }> = [];
  const messages: ConverseMessage[] = [];
  const push = (role: ConverseMessage['role'], content: ConverseContentBlock[]): void => {
    if (content.length === 0) return;
    const last = messages.at(-1);
    if (last && last.role === role) last.content.push(...content);
    else messages.push({ role, content });
  };

  for (const message of input) {
    switch (message.role) {
      case 'system':
      case 'developer': {
        const text = textOf(message.content);
        if (text) system.push({ text });
        break;
      }
      case 'user':
        push('user', userContent(message.content));
        break;
      case 'assistant': {
        const content: ConverseContentBlock[] = options.reasoningBlocks ? reasoningBlocks(message.thinking_blocks) : [];
        const text = typeof message.content === 'string' || message.content == null
          ? (message.content ?? '')
          : message.content.map((part) => (part.type === 'text' ? part.text : part.refusal)).join('');
        if (text) content.push({ text });
        for (const call of message.tool_calls ?? []) {
          content.push({ toolUse: { toolUseId: call.id, name: call.function.name, input: parseArguments(call.function.arguments) } });
        }
        if (message.function_call) {
          const call = message.function_call;
          content.push({ toolUse: { toolUseId: call.name, name: call.name, input: parseArguments(call.arguments) } });
        }
        push('assistant', content);
        break;
      }
      case 'tool':
        push('user', [{ toolResult: { toolUseId: message.tool_call_id, content: [{ text: textOf(message.content) }] } }]);
        break;
      case 'function':
        push('user', [{ toolResult: { toolUseId: message.name, content: [{ text: message.content ?? '' }] } }]);
        break;
    }
  }
  return { system, messages };
}

function reasoningBlocks(blocks: unknown): ConverseContentBlock[] {
  if (blocks === undefined || blocks === null) return [];
  if (!Array.isArray(blocks)) throw new ProviderError({ code: 'bad_request', message: 'thinking_blocks must be an array', param: 'messages' });
  const out: ConverseContentBlock[] = [];
  for (const block of blocks as Array<Record<string, unknown> | null>) {
    if (block?.type === 'thinking' && typeof block.thinking === 'string') {
      if (typeof block.signature === 'string' && block.signature !== '') {
        out.push({ reasoningContent: { reasoningText: { text: block.thinking, signature: block.signature } } });
      }
    } else if (block?.type === 'redacted_thinking' && typeof block.data === 'string' && block.data !== '') {
      out.push({ reasoningContent: { redactedContent: block.data } });
    } else {
      throw new ProviderError({
        code: 'bad_request',
        message: 'A thinking block must be {type: "thinking", thinking, signature} or {type: "redacted_thinking", data}',
        param: 'messages',
      });
    }
  }
  return out;
}

function userContent(content: string | readonly { type: string }[]): ConverseContentBlock[] {
  if (typeof content === 'string') return content ? [{ text: content }] : [];
  const blocks: ConverseContentBlock[] = [];
  for (const part of content as ReadonlyArray<Record<string, unknown> & { type: string }>) {
    if (part.type === 'text') {
      const text = String(part.text ?? '');
      // Converse refuses blank text blocks.
      if (text) blocks.push({ text });
    } else if (part.type === 'image_url') {
      blocks.push(mapImage(String((part.image_url as { url?: unknown } | undefined)?.url ?? '')));
    } else {
      throw new ProviderError({
        code: 'unsupported',
        message: `Bedrock Converse through this plugin does not take ${part.type} content parts`,
        param: 'messages',
      });
    }
  }
  return blocks;
}

function textOf(content: string | readonly TextContentPart[]): string {
  return typeof content === 'string' ? content : content.map((part) => part.text).join('\n');
}

/** Converse wants tool input as a JSON document; arguments the model produced may not parse. */
function parseArguments(text: string): unknown {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
