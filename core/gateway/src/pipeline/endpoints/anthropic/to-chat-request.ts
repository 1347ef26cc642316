/**
 * An Anthropic Messages request -> the gateway's canonical chat request (OpenAI's), which every
 * provider plugin takes. Pure mapping:
 * - `system` (and system messages) become system messages; text blocks stay blocks;
 * - a user turn's `tool_result` blocks become tool messages, placed first (OpenAI wants them right
 *   after the assistant's tool calls); its text and images follow as one user message, with the images
 *   of the tool results (a tool message holds text only);
 * - an assistant turn's text is joined, its `tool_use` blocks become tool calls; its thinking and
 *   redacted thinking blocks become `thinking_blocks`, unchanged (a provider that signs its
 *   reasoning needs them back in a tool loop; others ignore them);
 * - `tool_choice` any -> required, tool -> that function; `disable_parallel_tool_use` ->
 *   `parallel_tool_calls: false`; `metadata.user_id` -> `user`; `stop_sequences` -> `stop`;
 * - `output_config.format` (a JSON schema the answer follows) -> a strict `response_format: json_schema`;
 * - `output_config.effort` -> `reasoning_effort`, unless `thinking` is `disabled`.
 * `top_k` has no OpenAI counterpart and is not passed on, nor is `thinking.budget_tokens`: the
 * canonical request has no reasoning budget, and an effort level guessed from a token count would not
 * be what the client asked. `thinking: {type: "enabled"}` or `"adaptive"` alone asks for the
 * provider's default reasoning; `"disabled"` sends no effort rather than `"none"`, which models that
 * cannot reason refuse.
 */
import type {
  AssistantMessage,
  ChatCompletionRequest,
  ChatMessage,
  FunctionTool,
  ImageContentPart,
  TextContentPart,
  ThinkingBlock,
  ToolChoice,
  UserContentPart,
} from '@conduit/plugin-api';
import type { CountTokensRequest, MessagesRequest } from './schemas/messages-request-schema.ts';

type RequestMessage = MessagesRequest['messages'][number];
type UserBlock = Exclude<Extract<RequestMessage, { role: 'user' }>['content'], string>[number];
type ImageBlock = Extract<UserBlock, { type: 'image' }>;

/** What a tool result's text becomes when the tool failed (a tool message has no error flag). */
export const toolErrorPrefix = 'Error: ';

export function toChatRequest(request: MessagesRequest): ChatCompletionRequest {
  const chat: ChatCompletionRequest = { ...promptOf(request), max_completion_tokens: request.max_tokens };
  if (request.stop_sequences && request.stop_sequences.length > 0) chat.stop = request.stop_sequences;
  if (request.temperature !== undefined) chat.temperature = request.temperature;
  if (request.top_p !== undefined) chat.top_p = request.top_p;
  const format = request.output_config?.format;
  if (format) chat.response_format = { type: 'json_schema', json_schema: { name: 'output', schema: format.schema, strict: true } };
  const effort = request.output_config?.effort;
  if (effort && request.thinking?.type !== 'disabled') chat.reasoning_effort = effort;
  const userId = request.metadata?.user_id;
  if (userId) chat.user = userId;
  // Plugins ask for stream usage themselves where the upstream honours it (the canonical contract).
  if (request.stream === true) chat.stream = true;
  return chat;
}

/** The prompt part alone (messages, tools), for a request or a token count. */
export function promptOf(request: CountTokensRequest): ChatCompletionRequest {
  const messages: ChatMessage[] = [];
  if (request.system !== undefined && request.system.length > 0) messages.push({ role: 'system', content: textContent(request.system) });
  for (const message of request.messages) {
    if (message.role === 'system') messages.push({ role: 'system', content: textContent(message.content) });
    else if (message.role === 'assistant') messages.push(assistantMessage(message.content));
    else pushUserTurn(messages, message.content);
  }
  const chat: ChatCompletionRequest = { model: request.model, messages };
  const tools = request.tools ?? [];
  if (tools.length > 0) {
    chat.tools = tools.map(
      (tool): FunctionTool => ({
        type: 'function',
        function: {
          name: tool.name,
          ...(tool.description !== undefined ? { description: tool.description } : {}),
          parameters: tool.input_schema,
          ...(tool.strict !== undefined ? { strict: tool.strict } : {}),
        },
      }),
    );
  }
  const choice = request.tool_choice;
  if (choice) {
    chat.tool_choice = toolChoice(choice);
    if (choice.type !== 'none' && choice.disable_parallel_tool_use === true && tools.length > 0) chat.parallel_tool_calls = false;
  }
  return chat;
}

function toolChoice(choice: NonNullable<MessagesRequest['tool_choice']>): ToolChoice {
  switch (choice.type) {
    case 'any':
      return 'required';
    case 'tool':
      return { type: 'function', function: { name: choice.name } };
    case 'none':
      return 'none';
    default:
      return 'auto';
  }
}

function textContent(content: string | ReadonlyArray<{ text: string }>): string | TextContentPart[] {
  if (typeof content === 'string') return content;
  if (content.length === 1) return content[0]!.text;
  return content.map((block) => ({ type: 'text', text: block.text }));
}

function assistantMessage(content: Extract<RequestMessage, { role: 'assistant' }>['content']): AssistantMessage {
  if (typeof content === 'string') return { role: 'assistant', content };
  let text = '';
  const calls: NonNullable<AssistantMessage['tool_calls']> = [];
  const thinking: ThinkingBlock[] = [];
  for (const block of content) {
    if (block.type === 'text') text += block.text;
    else if (block.type === 'tool_use') {
      calls.push({ id: block.id, type: 'function', function: { name: block.name, arguments: JSON.stringify(block.input) } });
    } else if (block.type === 'thinking') {
      thinking.push(block.signature !== undefined ? { type: 'thinking', thinking: block.thinking, signature: block.signature } : { type: 'thinking', thinking: block.thinking });
    } else {
      thinking.push({ type: 'redacted_thinking', data: block.data });
    }
  }
  const message: AssistantMessage = { role: 'assistant', content: text === '' && calls.length > 0 ? null : text };
  if (calls.length > 0) message.tool_calls = calls;
  if (thinking.length > 0) message.thinking_blocks = thinking;
  return message;
}

function pushUserTurn(messages: ChatMessage[], content: Extract<RequestMessage, { role: 'user' }>['content']): void {
  if (typeof content === 'string') {
    messages.push({ role: 'user', content });
    return;
  }
  const parts: UserContentPart[] = [];
  const resultImages: ImageContentPart[] = [];
  for (const block of content) {
    if (block.type === 'text') parts.push({ type: 'text', text: block.text });
    else if (block.type === 'image') parts.push(imagePart(block));
    else {
      let text = '';
      if (typeof block.content === 'string') text = block.content;
      else if (block.content) {
        const texts: string[] = [];
        for (const inner of block.content) {
          if (inner.type === 'text') texts.push(inner.text);
          else resultImages.push(imagePart(inner));
        }
        text = texts.join('\n');
      }
      if (block.is_error === true) text = toolErrorPrefix + text;
      messages.push({ role: 'tool', tool_call_id: block.tool_use_id, content: text });
    }
  }
  const all = resultImages.length > 0 ? [...resultImages, ...parts] : parts;
  if (all.length > 0) messages.push({ role: 'user', content: all });
}

function imagePart(block: ImageBlock): ImageContentPart {
  const source = block.source;
  const url = source.type === 'base64' ? `data:${source.media_type};base64,${source.data}` : source.url;
  return { type: 'image_url', image_url: { url } };
}
