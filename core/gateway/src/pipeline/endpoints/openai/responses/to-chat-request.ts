/**
 * An OpenAI Responses request -> the gateway's canonical chat request, which every provider plugin
 * takes. Pure mapping:
 * - `instructions` becomes the first system message; `input` as a string is one user message;
 * - message items keep their role (developer stays developer); `input_text`/`output_text` become text,
 *   `input_image` an image part;
 * - consecutive `function_call` items become one assistant message's tool calls (joined to the
 *   assistant message right before them), each `function_call_output` a tool message;
 * - `max_output_tokens` -> `max_completion_tokens`, `text.format` -> `response_format`, tools and
 *   tool choice to their chat shapes (the choice only with tools: the Responses API takes
 *   `tool_choice: "auto"` without tools, chat APIs refuse it), `reasoning.effort` -> `reasoning_effort`.
 * Reasoning items are not passed on, except the signed blocks the gateway put in their
 * `encrypted_content` (reasoning-blocks.ts), which go back as the next assistant turn's
 * `thinking_blocks`; `reasoning.summary` and `metadata` (echoed in the answer) are not passed on.
 */
import type {
  AssistantMessage,
  ChatCompletionRequest,
  ChatMessage,
  FunctionTool,
  ImageContentPart,
  ResponseFormat,
  TextContentPart,
  ThinkingBlock,
  ToolChoice,
  UserContentPart,
} from '@conduit/plugin-api';
import { thinkingBlocksOf } from './reasoning-blocks.ts';
import type { ResponsesInputItem, ResponsesRequest } from './schemas/responses-request-schema.ts';

type MessageItem = Extract<ResponsesInputItem, { role: string }>;
type ImageItem = { type: 'input_image'; image_url?: string | null; detail?: 'auto' | 'low' | 'high' | null };

export function toChatRequest(request: ResponsesRequest): ChatCompletionRequest {
  const chat: ChatCompletionRequest = { model: request.model, messages: messagesOf(request) };
  if (request.max_output_tokens != null) chat.max_completion_tokens = request.max_output_tokens;
  if (request.temperature != null) chat.temperature = request.temperature;
  if (request.top_p != null) chat.top_p = request.top_p;
  const tools = request.tools ?? [];
  if (tools.length > 0) {
    chat.tools = tools.map(
      (tool): FunctionTool => ({
        type: 'function',
        function: {
          name: tool.name,
          ...(tool.description != null ? { description: tool.description } : {}),
          ...(tool.parameters != null ? { parameters: tool.parameters } : {}),
          ...(tool.strict != null ? { strict: tool.strict } : {}),
        },
      }),
    );
    if (request.parallel_tool_calls != null) chat.parallel_tool_calls = request.parallel_tool_calls;
    if (request.tool_choice !== undefined) chat.tool_choice = toolChoice(request.tool_choice);
  }
  const format = responseFormat(request.text?.format);
  if (format) chat.response_format = format;
  const effort = request.reasoning?.effort;
  if (effort) chat.reasoning_effort = effort;
  if (request.user) chat.user = request.user;
  // Plugins ask for stream usage themselves where the upstream honours it (the canonical contract).
  if (request.stream === true) chat.stream = true;
  return chat;
}

function messagesOf(request: ResponsesRequest): ChatMessage[] {
  const messages: ChatMessage[] = [];
  if (request.instructions) messages.push({ role: 'system', content: request.instructions });
  if (typeof request.input === 'string') {
    messages.push({ role: 'user', content: request.input });
    return messages;
  }
  // Signed reasoning of the turn being read, for the assistant message that turn makes.
  let blocks: ThinkingBlock[] | undefined;
  for (const item of request.input) {
    if ('role' in item) {
      pushMessage(messages, item as MessageItem);
      const pushed = messages.at(-1);
      if (pushed?.role === 'assistant' && blocks) pushed.thinking_blocks = blocks;
      blocks = undefined;
    } else if (item.type === 'reasoning') {
      blocks = thinkingBlocksOf((item as { encrypted_content?: unknown }).encrypted_content) ?? blocks;
    } else if (item.type === 'function_call') {
      const call = item as Extract<ResponsesInputItem, { type: 'function_call' }>;
      const last = messages.at(-1);
      const assistant: AssistantMessage = last?.role === 'assistant' ? last : { role: 'assistant', content: null };
      if (assistant !== last) messages.push(assistant);
      if (blocks) assistant.thinking_blocks = blocks;
      blocks = undefined;
      (assistant.tool_calls ??= []).push({ id: call.call_id, type: 'function', function: { name: call.name, arguments: call.arguments } });
    } else if (item.type === 'function_call_output') {
      const result = item as Extract<ResponsesInputItem, { type: 'function_call_output' }>;
      pushToolResult(messages, result.call_id, result.output);
    }
  }
  return messages;
}

function pushMessage(messages: ChatMessage[], item: MessageItem): void {
  const content = item.content;
  switch (item.role) {
    case 'system':
    case 'developer':
      messages.push({ role: item.role, content: textOnly(content as string | Array<{ text: string }>) });
      return;
    case 'assistant': {
      if (typeof content === 'string') {
        messages.push({ role: 'assistant', content });
        return;
      }
      let text = '';
      for (const part of content as Array<{ type: string; text?: string; refusal?: string }>) text += part.text ?? part.refusal ?? '';
      messages.push({ role: 'assistant', content: text });
      return;
    }
    default:
      messages.push({ role: 'user', content: typeof content === 'string' ? content : (content as Array<{ type: string }>).map(userPart) });
  }
}

/** A tool message holds text only: an output's images follow it as a user message. */
function pushToolResult(messages: ChatMessage[], callId: string, output: string | Array<{ type: string }>): void {
  if (typeof output === 'string') {
    messages.push({ role: 'tool', tool_call_id: callId, content: output });
    return;
  }
  const texts: string[] = [];
  const images: ImageContentPart[] = [];
  for (const part of output) {
    const converted = userPart(part);
    if (converted.type === 'text') texts.push(converted.text);
    else if (converted.type === 'image_url') images.push(converted);
  }
  messages.push({ role: 'tool', tool_call_id: callId, content: texts.join('\n') });
  if (images.length > 0) messages.push({ role: 'user', content: images });
}

function userPart(part: { type: string }): UserContentPart {
  if (part.type === 'input_image') {
    const image = part as ImageItem;
    const detail = image.detail ?? undefined;
    return { type: 'image_url', image_url: { url: image.image_url!, ...(detail ? { detail } : {}) } };
  }
  return { type: 'text', text: (part as unknown as { text: string }).text };
}

function textOnly(content: string | Array<{ text: string }>): string | TextContentPart[] {
  if (typeof content === 'string') return content;
  if (content.length === 1) return content[0]!.text;
  return content.map((part) => ({ type: 'text', text: part.text }));
}

function toolChoice(choice: NonNullable<ResponsesRequest['tool_choice']>): ToolChoice {
  return typeof choice === 'string' ? choice : { type: 'function', function: { name: choice.name } };
}

function responseFormat(format: NonNullable<ResponsesRequest['text']>['format']): ResponseFormat | undefined {
  switch (format?.type) {
    case 'json_object':
      return { type: 'json_object' };
    case 'json_schema': {
      const { name, description, schema, strict } = format;
      return { type: 'json_schema', json_schema: { name, schema, ...(description !== undefined ? { description } : {}), ...(strict != null ? { strict } : {}) } };
    }
    default:
      return undefined;
  }
}
