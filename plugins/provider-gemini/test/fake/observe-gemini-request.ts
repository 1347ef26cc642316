/**
 * Reads a request the fake Gemini received back into the conformance kit's neutral ObservedRequest.
 * Gemini's JSON parser accepts both camelCase and snake_case field names, so the reader does too.
 */
import type { JsonSchema } from '@conduit/plugin-api';
import type { ObservedMessage, ObservedRequest } from '@conduit/plugin-api/conformance';

type Json = Record<string, unknown>;

export interface RawRequest {
  path: string;
  headers: ObservedRequest['headers'];
  body: unknown;
  /** The model id from the URL, without `models/`. */
  model: string;
  /** The method after the colon: generateContent, streamGenerateContent, embedContent, … */
  method: string;
}

export function observeGeminiRequest(raw: RawRequest): ObservedRequest {
  const body = asObject(raw.body);
  const observed: ObservedRequest = {
    path: raw.path,
    headers: raw.headers,
    body: raw.body,
    model: raw.model,
    stream: raw.method === 'streamGenerateContent',
    messages: [],
  };
  if (raw.method === 'embedContent') {
    observed.inputs = [textOfContent(field(body, 'content'))];
    return observed;
  }
  if (raw.method === 'batchEmbedContents') {
    observed.inputs = asArray(field(body, 'requests')).map((request) => textOfContent(field(asObject(request), 'content')));
    return observed;
  }
  if (raw.method !== 'generateContent' && raw.method !== 'streamGenerateContent') return observed;

  const system = field(body, 'systemInstruction');
  if (system !== undefined) observed.system = partsOf(system).map((part) => stringField(part, 'text') ?? '').join('\n');
  observed.messages = asArray(field(body, 'contents')).flatMap((content) => observeContent(asObject(content)));

  const declarations = asArray(field(body, 'tools')).flatMap((tool) => asArray(field(asObject(tool), 'functionDeclarations')));
  if (declarations.length > 0) {
    observed.tools = declarations.map((declaration) => {
      const item = asObject(declaration);
      const parameters = field(item, 'parametersJsonSchema') ?? field(item, 'parameters');
      return {
        name: stringField(item, 'name') ?? '',
        ...(stringField(item, 'description') !== undefined ? { description: stringField(item, 'description') } : {}),
        ...(parameters !== undefined ? { parameters: parameters as JsonSchema } : {}),
      };
    });
  }
  const callingConfig = asObject(field(asObject(field(body, 'toolConfig')), 'functionCallingConfig'));
  const mode = stringField(callingConfig, 'mode');
  if (mode) {
    const allowed = asArray(field(callingConfig, 'allowedFunctionNames'));
    if (mode === 'NONE') observed.toolChoice = 'none';
    else if (mode === 'ANY' && allowed.length === 1 && typeof allowed[0] === 'string') observed.toolChoice = { name: allowed[0] };
    else if (mode === 'ANY') observed.toolChoice = 'required';
    else observed.toolChoice = 'auto';
  }

  const config = asObject(field(body, 'generationConfig'));
  const maxTokens = field(config, 'maxOutputTokens');
  if (typeof maxTokens === 'number') observed.maxTokens = maxTokens;
  const temperature = field(config, 'temperature');
  if (typeof temperature === 'number') observed.temperature = temperature;
  const topP = field(config, 'topP');
  if (typeof topP === 'number') observed.topP = topP;
  const stop = asArray(field(config, 'stopSequences')).filter((item): item is string => typeof item === 'string');
  if (stop.length > 0) observed.stop = stop;
  if (stringField(config, 'responseMimeType') === 'application/json') {
    const schema = field(config, 'responseJsonSchema') ?? field(config, 'responseSchema');
    if (schema !== undefined) observed.jsonSchema = schema as JsonSchema;
    else observed.jsonObject = true;
  }
  return observed;
}

function observeContent(content: Json): ObservedMessage[] {
  const parts = partsOf(content);
  const results = parts.map((part) => asObject(field(part, 'functionResponse'))).filter((item) => Object.keys(item).length > 0);
  if (results.length > 0) {
    return [
      {
        role: 'tool',
        toolResults: results.map((result) => ({
          ...(stringField(result, 'id') !== undefined ? { toolCallId: stringField(result, 'id') } : {}),
          content: resultText(field(result, 'response')),
        })),
      },
    ];
  }
  const message: ObservedMessage = { role: stringField(content, 'role') === 'model' ? 'assistant' : 'user' };
  const texts = parts
    .filter((part) => field(part, 'thought') !== true)
    .map((part) => stringField(part, 'text'))
    .filter((text): text is string => text !== undefined);
  if (texts.length > 0) message.text = texts.join('\n');
  const images: NonNullable<ObservedMessage['images']> = [];
  const toolCalls: NonNullable<ObservedMessage['toolCalls']> = [];
  for (const part of parts) {
    const inline = asObject(field(part, 'inlineData'));
    if (stringField(inline, 'data') !== undefined) {
      images.push({ base64: stringField(inline, 'data'), mediaType: stringField(inline, 'mimeType') });
    }
    const file = asObject(field(part, 'fileData'));
    if (stringField(file, 'fileUri') !== undefined) {
      images.push({ url: stringField(file, 'fileUri'), mediaType: stringField(file, 'mimeType') });
    }
    const call = asObject(field(part, 'functionCall'));
    if (stringField(call, 'name') !== undefined) {
      toolCalls.push({
        ...(stringField(call, 'id') !== undefined ? { id: stringField(call, 'id') } : {}),
        name: stringField(call, 'name') ?? '',
        arguments: field(call, 'args') ?? {},
      });
    }
  }
  if (images.length > 0) message.images = images;
  if (toolCalls.length > 0) message.toolCalls = toolCalls;
  return [message];
}

/** A functionResponse's `response` as text: its `output` (or `content`/`result`) string, else JSON. */
function resultText(response: unknown): string {
  const object = asObject(response);
  for (const key of ['output', 'content', 'result']) {
    const value = object[key];
    if (typeof value === 'string' && Object.keys(object).length === 1) return value;
  }
  return JSON.stringify(response ?? {});
}

function textOfContent(content: unknown): string {
  return partsOf(content)
    .map((part) => stringField(part, 'text') ?? '')
    .join('');
}

function partsOf(content: unknown): Json[] {
  if (typeof content === 'string') return [{ text: content }];
  return asArray(field(asObject(content), 'parts')).map(asObject);
}

/** A field by its camelCase name or its snake_case twin. */
function field(object: Json, name: string): unknown {
  if (object[name] !== undefined) return object[name];
  return object[name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)];
}

function stringField(object: Json, name: string): string | undefined {
  const value = field(object, name);
  return typeof value === 'string' ? value : undefined;
}

function asObject(value: unknown): Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
