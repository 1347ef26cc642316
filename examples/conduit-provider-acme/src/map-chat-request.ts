/** OpenAI's chat request -> Acme's generate request. Pure: no I/O. */
import {
  ProviderError,
  type ChatCompletionRequest,
  type ChatMessage,
  type ToolChoice,
  type UserContentPart,
} from '@conduit/plugin-api';
import type { AcmeGenerateRequest, AcmePart, AcmePromptMessage, AcmeToolMode } from './acme-api.ts';

export function mapChatRequest(request: ChatCompletionRequest): AcmeGenerateRequest {
  if (request.n != null && request.n > 1) unsupported('Acme generates one answer per request (n > 1)', 'n');

  const instructions: string[] = [];
  const messages: AcmePromptMessage[] = [];
  for (const message of request.messages) {
    if (message.role === 'system' || message.role === 'developer') instructions.push(textOf(message.content));
    else appendMessage(messages, message);
  }

  const body: AcmeGenerateRequest = { model: request.model, prompt_messages: messages };
  if (instructions.length > 0) body.instructions = instructions.join('\n');
  const maxTokens = request.max_completion_tokens ?? request.max_tokens;
  if (maxTokens != null) body.max_new_tokens = maxTokens;
  if (request.temperature != null || request.top_p != null) {
    body.sampling = {};
    if (request.temperature != null) body.sampling.temperature = request.temperature;
    if (request.top_p != null) body.sampling.top_p = request.top_p;
  }
  if (request.stop != null) body.stop_sequences = typeof request.stop === 'string' ? [request.stop] : request.stop;
  if (request.tools?.length) {
    body.tools = request.tools.map(({ function: definition }) => ({
      name: definition.name,
      summary: definition.description,
      input_schema: definition.parameters,
    }));
  }
  if (request.tool_choice !== undefined) body.tool_mode = mapToolChoice(request.tool_choice);
  const format = request.response_format;
  if (format?.type === 'json_object') body.output_format = { type: 'json' };
  if (format?.type === 'json_schema') body.output_format = { type: 'json', schema: format.json_schema.schema };
  body.stream = request.stream === true;
  return body;
}

function appendMessage(messages: AcmePromptMessage[], message: ChatMessage): void {
  switch (message.role) {
    case 'user':
      messages.push({ speaker: 'human', parts: userParts(message.content) });
      return;
    case 'assistant': {
      const parts: AcmePart[] = [];
      const text = message.content == null ? '' : textOf(message.content);
      if (text) parts.push({ type: 'text', text });
      for (const call of message.tool_calls ?? []) {
        parts.push({ type: 'tool_call', call_id: call.id, tool: call.function.name, input: parseArguments(call.function.arguments) });
      }
      messages.push({ speaker: 'model', parts });
      return;
    }
    case 'tool': {
      // Acme wants every result of one model turn in a single tool message.
      const result: AcmePart = { type: 'tool_result', call_id: message.tool_call_id, output: textOf(message.content) };
      const previous = messages.at(-1);
      if (previous?.speaker === 'tool') previous.parts.push(result);
      else messages.push({ speaker: 'tool', parts: [result] });
      return;
    }
    default:
      unsupported(`Acme does not accept "${message.role}" messages`, 'messages');
  }
}

function userParts(content: string | UserContentPart[]): AcmePart[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return content.map((part): AcmePart => {
    if (part.type === 'text') return { type: 'text', text: part.text };
    if (part.type === 'image_url') {
      const inline = /^data:([^;,]+);base64,(.*)$/s.exec(part.image_url.url);
      return inline ? { type: 'image', data: inline[2], media_type: inline[1] } : { type: 'image', url: part.image_url.url };
    }
    return unsupported(`Acme does not accept "${part.type}" content parts`, 'messages');
  });
}

function mapToolChoice(choice: ToolChoice): AcmeToolMode {
  if (choice === 'auto') return { type: 'auto' };
  if (choice === 'none') return { type: 'none' };
  if (choice === 'required') return { type: 'any' };
  return { type: 'tool', name: choice.function.name };
}

function textOf(content: string | Array<{ type: string; text?: string }>): string {
  if (typeof content === 'string') return content;
  return content
    .filter((part) => part.type === 'text' && typeof part.text === 'string')
    .map((part) => part.text)
    .join('\n');
}

/** Acme takes a tool call's input as a JSON value, OpenAI carries it as JSON text. */
function parseArguments(text: string): unknown {
  try {
    return JSON.parse(text === '' ? '{}' : text);
  } catch {
    throw new ProviderError({
      code: 'bad_request',
      message: 'A tool call in the conversation has arguments that are not valid JSON',
      param: 'messages',
    });
  }
}

function unsupported(message: string, param: string): never {
  throw new ProviderError({ code: 'unsupported', message, param });
}
