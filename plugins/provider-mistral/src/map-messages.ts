/**
 * OpenAI chat messages -> Mistral messages. Mistral refuses unknown fields, so each message is
 * rebuilt with only what Mistral reads: `developer` becomes `system`; `name`, `refusal` and `audio`
 * are dropped; tool call ids are made Mistral-valid; tool messages also carry the function `name`
 * (which older Mistral models required), taken from the assistant turn that made the call.
 */
import type { AssistantMessage, ChatMessage, TextContentPart, UserContentPart } from '@conduit/plugin-api';
import { mapToolCallId } from './map-tool-call-id.ts';
import { unsupported } from './unsupported.ts';

export type MistralContentChunk =
  | { type: 'text'; text: string }
  | { type: 'image_url'; image_url: string | { url: string; detail?: string } }
  | { type: 'input_audio'; input_audio: string };

export type MistralMessage =
  | { role: 'system'; content: string | Array<{ type: 'text'; text: string }> }
  | { role: 'user'; content: string | MistralContentChunk[] }
  | {
      role: 'assistant';
      content: string | null;
      tool_calls?: Array<{ id: string; type: 'function'; function: { name: string; arguments: string } }>;
    }
  | { role: 'tool'; content: string; tool_call_id: string; name?: string };

export function mapMessages(messages: readonly ChatMessage[]): MistralMessage[] {
  const toolNames = new Map<string, string>();
  for (const message of messages) {
    if (message.role !== 'assistant') continue;
    for (const call of message.tool_calls ?? []) toolNames.set(call.id, call.function.name);
  }
  return messages.map((message, index): MistralMessage => {
    switch (message.role) {
      case 'system':
      case 'developer':
        return { role: 'system', content: mapTextContent(message.content) };
      case 'user':
        return { role: 'user', content: mapUserContent(message.content, index) };
      case 'assistant':
        return mapAssistantMessage(message, index);
      case 'tool': {
        const out: MistralMessage = {
          role: 'tool',
          content: typeof message.content === 'string' ? message.content : message.content.map((part) => part.text).join(''),
          tool_call_id: mapToolCallId(message.tool_call_id),
        };
        const name = toolNames.get(message.tool_call_id);
        if (name) out.name = name;
        return out;
      }
      default:
        throw unsupported(`Mistral does not accept messages with role "${message.role}"`, `messages[${index}].role`);
    }
  });
}

function mapTextContent(content: string | TextContentPart[]): string | Array<{ type: 'text'; text: string }> {
  return typeof content === 'string' ? content : content.map((part) => ({ type: 'text', text: part.text }));
}

function mapUserContent(content: string | UserContentPart[], index: number): string | MistralContentChunk[] {
  if (typeof content === 'string') return content;
  return content.map((part, partIndex): MistralContentChunk => {
    switch (part.type) {
      case 'text':
        return { type: 'text', text: part.text };
      case 'image_url': {
        // Mistral's documented form is the bare URL string; the object form carries `detail`.
        const { url, detail } = part.image_url;
        return { type: 'image_url', image_url: detail ? { url, detail } : url };
      }
      case 'input_audio':
        return { type: 'input_audio', input_audio: part.input_audio.data };
      default:
        throw unsupported(`Mistral does not accept "${part.type}" content parts`, `messages[${index}].content[${partIndex}]`);
    }
  });
}

function mapAssistantMessage(message: AssistantMessage, index: number): MistralMessage {
  if (message.function_call) {
    throw unsupported('Mistral does not accept the deprecated function_call; use tool_calls', `messages[${index}].function_call`);
  }
  const text = assistantText(message);
  const toolCalls = message.tool_calls ?? [];
  if (toolCalls.length === 0) return { role: 'assistant', content: text };
  return {
    role: 'assistant',
    content: text,
    tool_calls: toolCalls.map((call) => ({
      id: mapToolCallId(call.id),
      type: 'function',
      function: { name: call.function.name, arguments: call.function.arguments },
    })),
  };
}

function assistantText(message: AssistantMessage): string {
  const content = message.content;
  if (content === undefined || content === null) return message.refusal ?? '';
  if (typeof content === 'string') return content;
  return content.map((part) => (part.type === 'text' ? part.text : part.refusal)).join('');
}
