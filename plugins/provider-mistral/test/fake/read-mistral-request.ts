/**
 * Reads a request the fake Mistral received back into the conformance kit's neutral
 * ObservedRequest: system messages, user text, images (string or `{url}` form) and audio, assistant
 * text and tool calls, tool results, tools, tool choice (`any` reads as required), sampling fields.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { ObservedMessage, ObservedRequest } from '@conduit/plugin-api/conformance';
import type { JsonSchema } from '@conduit/plugin-api';

type Json = Record<string, unknown>;

export function readMistralRequest(path: string, headers: IncomingHttpHeaders, body: unknown): ObservedRequest {
  const request: Json = isObject(body) ? body : {};
  const observed: ObservedRequest = {
    path,
    headers: { ...headers },
    body,
    model: typeof request.model === 'string' ? request.model : '',
    stream: request.stream === true,
    messages: [],
  };
  const messages = Array.isArray(request.messages) ? request.messages.filter(isObject) : [];
  const system = messages.filter((message) => message.role === 'system').map((message) => textOf(message.content));
  if (system.length > 0) observed.system = system.join('\n');
  observed.messages = messages.filter((message) => message.role !== 'system').map(readMessage);

  if (Array.isArray(request.tools)) {
    observed.tools = request.tools.filter(isObject).map((tool) => {
      const fn: Json = isObject(tool.function) ? tool.function : {};
      const out: NonNullable<ObservedRequest['tools']>[number] = { name: String(fn.name ?? '') };
      if (typeof fn.description === 'string') out.description = fn.description;
      if (isObject(fn.parameters)) out.parameters = fn.parameters as JsonSchema;
      return out;
    });
  }
  const choice = request.tool_choice;
  if (choice === 'any' || choice === 'required') observed.toolChoice = 'required';
  else if (choice === 'auto' || choice === 'none') observed.toolChoice = choice;
  else if (isObject(choice) && isObject(choice.function)) observed.toolChoice = { name: String(choice.function.name ?? '') };
  if (typeof request.max_tokens === 'number') observed.maxTokens = request.max_tokens;
  if (typeof request.temperature === 'number') observed.temperature = request.temperature;
  if (typeof request.top_p === 'number') observed.topP = request.top_p;
  if (typeof request.stop === 'string') observed.stop = [request.stop];
  else if (Array.isArray(request.stop)) observed.stop = request.stop.map(String);
  const format = isObject(request.response_format) ? request.response_format : undefined;
  if (format?.type === 'json_object') observed.jsonObject = true;
  if (format?.type === 'json_schema' && isObject(format.json_schema) && isObject(format.json_schema.schema)) {
    observed.jsonSchema = format.json_schema.schema as JsonSchema;
  }
  if (typeof request.input === 'string') observed.inputs = [request.input];
  else if (Array.isArray(request.input)) observed.inputs = request.input.map(String);
  return observed;
}

function readMessage(message: Json): ObservedMessage {
  if (message.role === 'tool') {
    return { role: 'tool', toolResults: [{ toolCallId: stringOrUndefined(message.tool_call_id), content: textOf(message.content) }] };
  }
  if (message.role === 'assistant') {
    const out: ObservedMessage = { role: 'assistant' };
    const text = textOf(message.content);
    if (text !== '') out.text = text;
    if (Array.isArray(message.tool_calls)) {
      out.toolCalls = message.tool_calls.filter(isObject).map((call) => {
        const fn: Json = isObject(call.function) ? call.function : {};
        return { id: stringOrUndefined(call.id), name: String(fn.name ?? ''), arguments: parseArguments(fn.arguments) };
      });
    }
    return out;
  }
  const out: ObservedMessage = { role: 'user', text: textOf(message.content) };
  const parts = Array.isArray(message.content) ? message.content.filter(isObject) : [];
  const images = parts.filter((part) => part.type === 'image_url').map((part) => readImage(part.image_url));
  if (images.length > 0) out.images = images;
  return out;
}

function readImage(value: unknown): NonNullable<ObservedMessage['images']>[number] {
  const url = isObject(value) ? String(value.url ?? '') : String(value ?? '');
  const data = /^data:([^;,]+);base64,(.*)$/s.exec(url);
  return data ? { url, mediaType: data[1], base64: data[2] } : { url };
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .filter(isObject)
    .filter((part) => part.type === 'text')
    .map((part) => String(part.text ?? ''))
    .join('\n');
}

function parseArguments(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
