/**
 * Reads a Messages API request body back into the neutral ObservedRequest. A user turn's
 * `tool_result` blocks become one `tool` message (before the turn's own text, as Anthropic orders
 * them); `system` (string or text blocks) and any `role: 'system'` messages become `system`.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { ObservedMessage, ObservedRequest } from '@conduit/plugin-api/conformance';

type Json = Record<string, unknown>;

export function readAnthropicRequest(path: string, headers: IncomingHttpHeaders, body: Json): ObservedRequest {
  const systemParts: string[] = [];
  const systemText = textOf(body.system);
  if (systemText !== undefined) systemParts.push(systemText);
  const messages: ObservedMessage[] = [];
  for (const message of asArray(body.messages)) {
    if (message.role === 'system') {
      const text = textOf(message.content);
      if (text !== undefined) systemParts.push(text);
    } else if (message.role === 'assistant') {
      messages.push(readAssistant(message.content));
    } else {
      messages.push(...readUser(message.content));
    }
  }
  const observed: ObservedRequest = {
    path,
    headers,
    body,
    model: String(body.model ?? ''),
    stream: body.stream === true,
    messages,
  };
  if (systemParts.length > 0) observed.system = systemParts.join('\n');
  const tools = asArray(body.tools).filter((tool) => tool.type === undefined || tool.type === 'custom' || tool.type === null);
  if (tools.length > 0) {
    observed.tools = tools.map((tool) => ({
      name: String(tool.name),
      ...(typeof tool.description === 'string' ? { description: tool.description } : {}),
      parameters: tool.input_schema as Json,
    }));
  }
  const toolChoice = readToolChoice(body.tool_choice);
  if (toolChoice) observed.toolChoice = toolChoice;
  if (typeof body.max_tokens === 'number') observed.maxTokens = body.max_tokens;
  if (typeof body.temperature === 'number') observed.temperature = body.temperature;
  if (typeof body.top_p === 'number') observed.topP = body.top_p;
  if (Array.isArray(body.stop_sequences)) observed.stop = body.stop_sequences.map(String);
  const format = (body.output_config as Json | undefined)?.format ?? body.output_format;
  if (format && typeof format === 'object' && (format as Json).type === 'json_schema') {
    observed.jsonSchema = (format as Json).schema as Json;
  }
  return observed;
}

function asArray(value: unknown): Json[] {
  return Array.isArray(value) ? (value.filter((item) => item && typeof item === 'object') as Json[]) : [];
}

function blocksOf(content: unknown): Json[] {
  return typeof content === 'string' ? [{ type: 'text', text: content }] : asArray(content);
}

/** The text blocks of a content value, joined with `\n`; undefined when there are none. */
function textOf(content: unknown): string | undefined {
  const texts = blocksOf(content)
    .filter((block) => block.type === 'text')
    .map((block) => String(block.text));
  return texts.length > 0 ? texts.join('\n') : undefined;
}

function readAssistant(content: unknown): ObservedMessage {
  const observed: ObservedMessage = { role: 'assistant' };
  const text = textOf(content);
  if (text !== undefined) observed.text = text;
  const calls = blocksOf(content).filter((block) => block.type === 'tool_use');
  if (calls.length > 0) {
    observed.toolCalls = calls.map((call) => ({ id: String(call.id), name: String(call.name), arguments: call.input }));
  }
  return observed;
}

function readUser(content: unknown): ObservedMessage[] {
  const blocks = blocksOf(content);
  const out: ObservedMessage[] = [];
  const results = blocks.filter((block) => block.type === 'tool_result');
  if (results.length > 0) {
    out.push({
      role: 'tool',
      toolResults: results.map((result) => ({
        toolCallId: String(result.tool_use_id),
        content: textOf(result.content) ?? '',
      })),
    });
  }
  const user: ObservedMessage = { role: 'user' };
  const text = textOf(blocks.filter((block) => block.type !== 'tool_result'));
  if (text !== undefined) user.text = text;
  const images = blocks.filter((block) => block.type === 'image').map((block) => readImage(block.source as Json));
  if (images.length > 0) user.images = images;
  if (user.text !== undefined || user.images || results.length === 0) out.push(user);
  return out;
}

function readImage(source: Json): { url?: string; base64?: string; mediaType?: string } {
  if (source?.type === 'url') return { url: String(source.url) };
  if (source?.type === 'base64') return { base64: String(source.data), mediaType: String(source.media_type) };
  return {};
}

function readToolChoice(choice: unknown): ObservedRequest['toolChoice'] {
  if (!choice || typeof choice !== 'object') return undefined;
  const { type, name } = choice as Json;
  if (type === 'auto' || type === 'none') return type;
  if (type === 'any') return 'required';
  if (type === 'tool') return { name: String(name) };
  return undefined;
}
