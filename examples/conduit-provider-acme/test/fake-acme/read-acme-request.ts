/** Reads a request in Acme's wire format back into the conformance kit's provider-neutral ObservedRequest. */
import type { JsonSchema } from '@conduit/plugin-api';
import type { ObservedMessage, ObservedRequest } from '@conduit/plugin-api/conformance';

type Json = Record<string, unknown>;

export function readAcmeRequest(path: string, headers: ObservedRequest['headers'], body: unknown): ObservedRequest {
  const request = isObject(body) ? body : {};
  const observed: ObservedRequest = {
    path,
    headers,
    body,
    model: typeof request.model === 'string' ? request.model : '',
    stream: request.stream === true,
    messages: Array.isArray(request.prompt_messages) ? request.prompt_messages.filter(isObject).map(readMessage) : [],
  };
  if (typeof request.instructions === 'string') observed.system = request.instructions;
  if (Array.isArray(request.tools)) {
    observed.tools = request.tools.filter(isObject).map((tool) => ({
      name: String(tool.name ?? ''),
      ...(typeof tool.summary === 'string' ? { description: tool.summary } : {}),
      ...(isObject(tool.input_schema) ? { parameters: tool.input_schema as JsonSchema } : {}),
    }));
  }
  const mode = isObject(request.tool_mode) ? request.tool_mode : undefined;
  if (mode?.type === 'auto' || mode?.type === 'none') observed.toolChoice = mode.type;
  if (mode?.type === 'any') observed.toolChoice = 'required';
  if (mode?.type === 'tool' && typeof mode.name === 'string') observed.toolChoice = { name: mode.name };
  if (typeof request.max_new_tokens === 'number') observed.maxTokens = request.max_new_tokens;
  const sampling = isObject(request.sampling) ? request.sampling : {};
  if (typeof sampling.temperature === 'number') observed.temperature = sampling.temperature;
  if (typeof sampling.top_p === 'number') observed.topP = sampling.top_p;
  if (Array.isArray(request.stop_sequences)) observed.stop = request.stop_sequences.map(String);
  const format = isObject(request.output_format) ? request.output_format : undefined;
  if (format?.type === 'json') {
    if (isObject(format.schema)) observed.jsonSchema = format.schema as JsonSchema;
    else observed.jsonObject = true;
  }
  return observed;
}

function readMessage(message: Json): ObservedMessage {
  const parts = Array.isArray(message.parts) ? message.parts.filter(isObject) : [];
  const role = message.speaker === 'model' ? 'assistant' : message.speaker === 'tool' ? 'tool' : 'user';
  const observed: ObservedMessage = { role };
  const texts = parts.filter((part) => part.type === 'text').map((part) => String(part.text ?? ''));
  if (texts.length > 0) observed.text = texts.join('\n');
  const images = parts
    .filter((part) => part.type === 'image')
    .map((part) =>
      typeof part.data === 'string' ? { base64: part.data, mediaType: String(part.media_type ?? '') } : { url: String(part.url ?? '') },
    );
  if (images.length > 0) observed.images = images;
  const calls = parts.filter((part) => part.type === 'tool_call');
  if (calls.length > 0) {
    observed.toolCalls = calls.map((part) => ({ id: String(part.call_id ?? ''), name: String(part.tool ?? ''), arguments: part.input }));
  }
  const results = parts.filter((part) => part.type === 'tool_result');
  if (results.length > 0) {
    observed.toolResults = results.map((part) => ({ toolCallId: String(part.call_id ?? ''), content: String(part.output ?? '') }));
  }
  return observed;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
