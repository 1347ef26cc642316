/** The capabilities a chat request needs from the deployment that serves it. */
import type { CapabilityName, ChatCompletionRequest } from '@conduit/plugin-api';

export function chatCapabilities(request: ChatCompletionRequest): CapabilityName[] {
  const needed: CapabilityName[] = ['chat'];
  if (request.stream) needed.push('stream');
  if (request.tools && request.tools.length > 0) needed.push('tools');
  const format = request.response_format?.type;
  if (format === 'json_object') needed.push('jsonObject');
  if (format === 'json_schema') needed.push('jsonSchema');
  let vision = false;
  let audio = false;
  for (const message of request.messages) {
    if (message.role !== 'user' || typeof message.content === 'string') continue;
    for (const part of message.content) {
      if (part.type === 'image_url') vision = true;
      else if (part.type === 'input_audio') audio = true;
    }
  }
  if (vision) needed.push('vision');
  if (audio) needed.push('audioInput');
  return needed;
}

/** The text of all messages, for estimating prompt tokens when the provider reports none. */
export function chatPromptText(request: ChatCompletionRequest): string {
  let text = '';
  for (const message of request.messages) {
    const content = message.content;
    if (typeof content === 'string') text += content;
    else if (Array.isArray(content)) for (const part of content) if (part.type === 'text') text += part.text;
    if (message.role === 'assistant' && message.tool_calls) {
      for (const call of message.tool_calls) text += call.function.name + call.function.arguments;
    }
  }
  if (request.tools) text += JSON.stringify(request.tools);
  return text;
}
