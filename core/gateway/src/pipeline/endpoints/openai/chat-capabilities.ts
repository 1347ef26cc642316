/** The capabilities a chat request needs from the deployment that serves it. */
import type { CapabilityName, ChatCompletionRequest } from '@conduit/plugin-api';
import { audioSecondsBound } from '../../../engine/usage/audio-seconds-bound.ts';
import { Prompt } from '../../../engine/usage/prompt.ts';

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

/** The text of all messages (and tool definitions), for counting prompt tokens, and its image and audio parts. */
export function chatPrompt(request: ChatCompletionRequest): Prompt {
  const pieces: string[] = [];
  let images = 0;
  let audioSeconds = 0;
  for (const message of request.messages) {
    const content = message.content;
    if (typeof content === 'string') pieces.push(content);
    else if (Array.isArray(content)) {
      for (const part of content) {
        if (part.type === 'text') pieces.push(part.text);
        else if (part.type === 'image_url') images++;
        else if (part.type === 'input_audio') audioSeconds += audioSecondsBound(part.input_audio.data, part.input_audio.format);
      }
    }
    if (message.role === 'assistant' && message.tool_calls) {
      for (const call of message.tool_calls) pieces.push(call.function.name + call.function.arguments);
    }
  }
  if (request.tools) pieces.push(JSON.stringify(request.tools));
  return new Prompt(pieces, images > 0 || audioSeconds > 0 ? { images, audioSeconds } : undefined);
}
