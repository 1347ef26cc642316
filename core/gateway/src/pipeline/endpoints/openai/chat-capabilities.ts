/** The capabilities a chat request needs from the deployment that serves it. */
import type { CapabilityName, ChatCompletionRequest } from '@conduit/plugin-api';
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

/** The text of all messages (and tool definitions), for counting prompt tokens. */
export function chatPrompt(request: ChatCompletionRequest): Prompt {
  const pieces: string[] = [];
  for (const message of request.messages) {
    const content = message.content;
    if (typeof content === 'string') pieces.push(content);
    else if (Array.isArray(content)) for (const part of content) if (part.type === 'text') pieces.push(part.text);
    if (message.role === 'assistant' && message.tool_calls) {
      for (const call of message.tool_calls) pieces.push(call.function.name + call.function.arguments);
    }
  }
  if (request.tools) pieces.push(JSON.stringify(request.tools));
  return new Prompt(pieces);
}

/**
 * Prompt tokens the text does not show: an allowance per image and per audio clip, so the budget
 * reservation of a vision or audio request is not just its text. Conservative by design (the
 * settlement replaces it with what the provider reports): a high-detail image costs OpenAI's models up
 * to ~1,100 tokens for a 2048 px square, more for tiled larger ones; audio input is ~10 tokens a second,
 * and the clip's length is bounded by its size at a low bitrate.
 */
export function chatMediaAllowance(request: ChatCompletionRequest): number {
  let tokens = 0;
  for (const message of request.messages) {
    if (message.role !== 'user' || typeof message.content === 'string') continue;
    for (const part of message.content) {
      if (part.type === 'image_url') tokens += imageAllowanceTokens;
      else if (part.type === 'input_audio') tokens += audioAllowanceTokens(part.input_audio.data.length);
    }
  }
  return tokens;
}

export const imageAllowanceTokens = 2_000;

/** 16 kbit/s (2,000 bytes a second) is as low as speech codecs go; base64 carries 3 bytes in 4 characters. */
function audioAllowanceTokens(base64Length: number): number {
  const seconds = (base64Length * 0.75) / 2_000;
  return Math.ceil(seconds * 10) + 100;
}
