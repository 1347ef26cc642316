/**
 * Reads a request in OpenAI's wire format back into the conformance kit's provider-neutral
 * ObservedRequest.
 */
import type { ObservedMessage, ObservedRequest } from '@conduit/plugin-api/conformance';
import type { JsonSchema } from '@conduit/plugin-api';
import { moderationItems } from './serve-moderations.ts';

type Json = Record<string, unknown>;
type Headers = Readonly<Record<string, string | string[] | undefined>>;

export function readOpenAIRequest(path: string, headers: Headers, body: unknown): ObservedRequest {
  const request = isObject(body) ? body : {};
  const pathname = path.split('?')[0];
  const modelInPath = /^\/v1\/models\/(.+)$/.exec(pathname)?.[1];
  const observed: ObservedRequest = {
    path,
    headers,
    body,
    model: typeof request.model === 'string' ? request.model : modelInPath ? decodeURIComponent(modelInPath) : '',
    stream: request.stream === true,
    messages: [],
  };

  if (Array.isArray(request.messages)) {
    const system: string[] = [];
    for (const message of request.messages) {
      if (!isObject(message)) continue;
      if (message.role === 'system' || message.role === 'developer') {
        const text = textOf(message.content);
        if (text !== undefined) system.push(text);
      } else {
        observed.messages.push(readMessage(message));
      }
    }
    if (system.length > 0) observed.system = system.join('\n');
  } else if (request.prompt !== undefined) {
    // Legacy completions and image generation carry a prompt instead of messages.
    observed.messages.push({ role: 'user', text: promptText(request.prompt) });
  }

  const tools = readTools(request);
  if (tools) observed.tools = tools;
  const toolChoice = readToolChoice(request.tool_choice ?? request.function_call);
  if (toolChoice) observed.toolChoice = toolChoice;
  const maxTokens = numberOf(request.max_completion_tokens) ?? numberOf(request.max_tokens);
  if (maxTokens !== undefined) observed.maxTokens = maxTokens;
  const temperature = numberOf(request.temperature);
  if (temperature !== undefined) observed.temperature = temperature;
  const topP = numberOf(request.top_p);
  if (topP !== undefined) observed.topP = topP;
  if (typeof request.stop === 'string') observed.stop = [request.stop];
  else if (Array.isArray(request.stop)) observed.stop = request.stop.filter((s): s is string => typeof s === 'string');

  const format = request.response_format;
  if (isObject(format)) {
    if (format.type === 'json_object') observed.jsonObject = true;
    if (format.type === 'json_schema' && isObject(format.json_schema)) {
      observed.jsonSchema = (isObject(format.json_schema.schema) ? format.json_schema.schema : {}) as JsonSchema;
    }
  }

  if (pathname.endsWith('/embeddings') && request.input !== undefined) {
    const input = request.input;
    const list = typeof input === 'string' || (Array.isArray(input) && typeof input[0] === 'number') ? [input] : input;
    observed.inputs = Array.isArray(list) ? list.map((item) => (typeof item === 'string' ? item : JSON.stringify(item))) : [];
  }
  if (pathname.endsWith('/moderations') && request.input !== undefined) {
    const items = moderationItems(request.input);
    if (typeof items !== 'string') observed.inputs = items.flatMap((item) => item.texts);
  }
  return observed;
}

function readMessage(message: Json): ObservedMessage {
  if (message.role === 'tool') {
    return {
      role: 'tool',
      toolResults: [{ toolCallId: stringOf(message.tool_call_id), content: textOf(message.content) ?? '' }],
    };
  }
  if (message.role === 'function') {
    return { role: 'tool', toolResults: [{ content: textOf(message.content) ?? '' }] };
  }
  const role = message.role === 'assistant' ? 'assistant' : 'user';
  const observed: ObservedMessage = { role };
  const text = textOf(message.content);
  if (text !== undefined) observed.text = text;
  if (Array.isArray(message.content)) {
    const images = message.content
      .filter((part): part is Json => isObject(part) && part.type === 'image_url' && isObject(part.image_url))
      .map((part) => readImage(String((part.image_url as Json).url ?? '')));
    if (images.length > 0) observed.images = images;
  }
  if (Array.isArray(message.tool_calls)) {
    observed.toolCalls = message.tool_calls.filter(isObject).map((call) => {
      const fn = isObject(call.function) ? call.function : {};
      return { id: stringOf(call.id), name: String(fn.name ?? ''), arguments: parseArguments(fn.arguments) };
    });
  } else if (isObject(message.function_call)) {
    const fn = message.function_call;
    observed.toolCalls = [{ name: String(fn.name ?? ''), arguments: parseArguments(fn.arguments) }];
  }
  return observed;
}

function readImage(url: string): { url?: string; base64?: string; mediaType?: string } {
  const data = /^data:([^;,]+)?(?:;[^,]*)?;base64,(.*)$/s.exec(url);
  if (data) return { base64: data[2], mediaType: data[1] };
  return { url };
}

function readTools(request: Json): ObservedRequest['tools'] {
  const definitions = Array.isArray(request.tools)
    ? request.tools.filter(isObject).map((tool) => tool.function)
    : Array.isArray(request.functions)
      ? request.functions
      : undefined;
  if (!definitions) return undefined;
  return definitions.filter(isObject).map((fn) => {
    const tool: { name: string; description?: string; parameters?: JsonSchema } = { name: String(fn.name ?? '') };
    if (typeof fn.description === 'string') tool.description = fn.description;
    if (isObject(fn.parameters)) tool.parameters = fn.parameters as JsonSchema;
    return tool;
  });
}

function readToolChoice(choice: unknown): ObservedRequest['toolChoice'] {
  if (choice === 'auto' || choice === 'none' || choice === 'required') return choice;
  if (isObject(choice)) {
    const named = isObject(choice.function) ? choice.function.name : choice.name;
    if (typeof named === 'string') return { name: named };
  }
  return undefined;
}

function parseArguments(raw: unknown): unknown {
  if (typeof raw !== 'string') return raw;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

function textOf(content: unknown): string | undefined {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return undefined;
  const texts = content
    .filter((part): part is Json => isObject(part) && part.type === 'text' && typeof part.text === 'string')
    .map((part) => part.text as string);
  return texts.length > 0 ? texts.join('\n') : undefined;
}

function promptText(prompt: unknown): string {
  if (typeof prompt === 'string') return prompt;
  if (Array.isArray(prompt) && prompt.every((item) => typeof item === 'string')) return prompt.join('\n');
  return JSON.stringify(prompt);
}

function numberOf(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
