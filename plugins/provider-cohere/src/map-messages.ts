/**
 * OpenAI chat messages -> Cohere v2 messages. The shapes are close; the differences are the
 * assistant's `tool_plan` (the text that precedes tool calls), tool results as content documents,
 * and the roles Cohere lacks (`developer` becomes `system`).
 */
import type {
  AssistantMessage,
  ChatMessage,
  TextContentPart,
  ToolMessage,
  UserContentPart,
} from '@conduit/plugin-api';
import type {
  CohereDocumentContent,
  CohereImageContent,
  CohereMessage,
  CohereTextContent,
  CohereToolCall,
} from './cohere-types.ts';
import { unsupported } from './unsupported.ts';

export function mapMessages(messages: readonly ChatMessage[]): CohereMessage[] {
  return messages.map((message, index) => mapMessage(message, index));
}

function mapMessage(message: ChatMessage, index: number): CohereMessage {
  switch (message.role) {
    case 'system':
    case 'developer':
      return { role: 'system', content: mapTextContent(message.content) };
    case 'user':
      return { role: 'user', content: mapUserContent(message.content, index) };
    case 'assistant':
      return mapAssistantMessage(message, index);
    case 'tool':
      return mapToolMessage(message);
    default:
      throw unsupported(`Cohere does not accept messages with role "${message.role}"`, `messages[${index}].role`);
  }
}

function mapTextContent(content: string | TextContentPart[]): string | CohereTextContent[] {
  if (typeof content === 'string') return content;
  return content.map((part) => ({ type: 'text', text: part.text }));
}

function mapUserContent(
  content: string | UserContentPart[],
  index: number,
): string | Array<CohereTextContent | CohereImageContent> {
  if (typeof content === 'string') return content;
  return content.map((part, partIndex): CohereTextContent | CohereImageContent => {
    if (part.type === 'text') return { type: 'text', text: part.text };
    if (part.type === 'image_url') {
      const image: CohereImageContent = { type: 'image_url', image_url: { url: part.image_url.url } };
      if (part.image_url.detail) image.image_url.detail = part.image_url.detail;
      return image;
    }
    const what = part.type === 'input_audio' ? 'audio input' : `"${part.type}" content parts`;
    throw unsupported(`Cohere does not accept ${what}`, `messages[${index}].content[${partIndex}]`);
  });
}

function mapAssistantMessage(message: AssistantMessage, index: number): CohereMessage {
  if (message.function_call) {
    throw unsupported('Cohere does not accept the deprecated function_call; use tool_calls', `messages[${index}].function_call`);
  }
  const text = assistantText(message);
  const toolCalls = message.tool_calls ?? [];
  if (toolCalls.length === 0) return { role: 'assistant', content: text };
  const out: CohereMessage = {
    role: 'assistant',
    tool_calls: toolCalls.map(
      (call): CohereToolCall => ({
        id: call.id,
        type: 'function',
        function: { name: call.function.name, arguments: call.function.arguments },
      }),
    ),
  };
  // Cohere calls the text that comes with tool calls the tool plan, and wants it back there.
  if (text) out.tool_plan = text;
  return out;
}

function assistantText(message: AssistantMessage): string {
  const content = message.content;
  if (content === undefined || content === null) return message.refusal ?? '';
  if (typeof content === 'string') return content;
  return content.map((part) => (part.type === 'text' ? part.text : part.refusal)).join('');
}

function mapToolMessage(message: ToolMessage): CohereMessage {
  const text = typeof message.content === 'string' ? message.content : message.content.map((part) => part.text).join('');
  return { role: 'tool', tool_call_id: message.tool_call_id, content: [toolResultContent(text)] };
}

/**
 * A JSON object result becomes a Cohere document (which the model can cite); anything else is sent
 * as text, unchanged.
 */
function toolResultContent(text: string): CohereDocumentContent | CohereTextContent {
  const parsed = parseJsonObject(text);
  return parsed ? { type: 'document', document: { data: parsed } } : { type: 'text', text };
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  if (!text.trimStart().startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
