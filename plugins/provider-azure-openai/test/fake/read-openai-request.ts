/** Reads an OpenAI-format request body (as Azure receives it) back into the neutral ObservedRequest. */
import type { JsonSchema } from '@conduit/plugin-api';
import type { ObservedMessage, ObservedRequest } from '@conduit/plugin-api/conformance';

type Json = Record<string, unknown>;

export function readOpenAIRequest(
  path: string,
  headers: ObservedRequest['headers'],
  body: unknown,
  modelFromPath: string | undefined,
): ObservedRequest {
  const request = (body && typeof body === 'object' ? body : {}) as Json;
  const observed: ObservedRequest = {
    path,
    headers,
    body,
    model: modelFromPath ?? String(request.model ?? ''),
    stream: request.stream === true,
    messages: [],
  };
  const system: string[] = [];
  for (const message of (request.messages as Json[] | undefined) ?? []) {
    if (message.role === 'system' || message.role === 'developer') {
      system.push(textOf(message.content));
      continue;
    }
    observed.messages.push(readMessage(message));
  }
  if (system.length > 0) observed.system = system.join('\n');
  const tools = request.tools as Array<{ function: { name: string; description?: string; parameters?: JsonSchema } }> | undefined;
  if (tools) {
    observed.tools = tools.map((tool) => ({
      name: tool.function.name,
      description: tool.function.description,
      parameters: tool.function.parameters,
    }));
  }
  const choice = request.tool_choice as ObservedRequest['toolChoice'] | { function: { name: string } } | undefined;
  if (typeof choice === 'string') observed.toolChoice = choice;
  else if (choice && 'function' in choice) observed.toolChoice = { name: choice.function.name };
  const maxTokens = request.max_completion_tokens ?? request.max_tokens;
  if (typeof maxTokens === 'number') observed.maxTokens = maxTokens;
  if (typeof request.temperature === 'number') observed.temperature = request.temperature;
  if (typeof request.top_p === 'number') observed.topP = request.top_p;
  if (typeof request.stop === 'string') observed.stop = [request.stop];
  else if (Array.isArray(request.stop)) observed.stop = request.stop as string[];
  const format = request.response_format as { type?: string; json_schema?: { schema?: JsonSchema } } | undefined;
  if (format?.type === 'json_schema') observed.jsonSchema = format.json_schema?.schema ?? {};
  if (format?.type === 'json_object') observed.jsonObject = true;
  if (request.input !== undefined) {
    observed.inputs = (Array.isArray(request.input) ? request.input : [request.input]).map((item) =>
      typeof item === 'string' ? item : JSON.stringify(item),
    );
  }
  return observed;
}

function readMessage(message: Json): ObservedMessage {
  const role = message.role === 'function' ? 'tool' : (message.role as ObservedMessage['role']);
  const observed: ObservedMessage = { role };
  const text = textOf(message.content);
  if (text !== '') observed.text = text;
  if (Array.isArray(message.content)) {
    const images = (message.content as Json[])
      .filter((part) => part.type === 'image_url')
      .map((part) => readImage(String((part.image_url as Json).url)));
    if (images.length > 0) observed.images = images;
  }
  const toolCalls = message.tool_calls as Array<{ id: string; function: { name: string; arguments: string } }> | undefined;
  if (toolCalls) {
    observed.toolCalls = toolCalls.map((call) => ({ id: call.id, name: call.function.name, arguments: parseArguments(call.function.arguments) }));
  }
  if (role === 'tool') {
    observed.toolResults = [{ toolCallId: message.tool_call_id as string | undefined, content: text }];
    delete observed.text;
  }
  return observed;
}

function readImage(url: string): { url?: string; base64?: string; mediaType?: string } {
  const match = /^data:([^;,]+);base64,(.*)$/s.exec(url);
  return match ? { base64: match[2], mediaType: match[1] } : { url };
}

function parseArguments(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return (content as Json[])
    .filter((part) => part.type === 'text')
    .map((part) => String(part.text))
    .join('\n');
}
