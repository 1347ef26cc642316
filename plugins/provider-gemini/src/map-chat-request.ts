/**
 * An OpenAI chat completion request -> a Gemini `generateContent` body. The model and the stream
 * flag travel in the URL, not the body.
 */
import type { ChatCompletionRequest } from '@conduit/plugin-api';
import type { GeminiGenerateContentRequest, GeminiSafetySetting } from './gemini-api.ts';
import { mapGenerationConfig } from './map-generation-config.ts';
import { mapMessages } from './map-messages.ts';
import { mapToolChoice, mapTools } from './map-tools.ts';
import { modelTraits } from './model-traits.ts';

export interface MapChatRequestOptions {
  /** The thought signature Gemini attached to a tool call, when this process saw the call. */
  thoughtSignatureFor?(toolCallId: string): string | undefined;
  /** Safety thresholds configured on the provider record. */
  safetySettings?: readonly GeminiSafetySetting[];
}

export function mapChatRequest(
  request: ChatCompletionRequest,
  options: MapChatRequestOptions = {},
): GeminiGenerateContentRequest {
  const traits = modelTraits(request.model);
  const { contents, systemInstruction } = mapMessages(request.messages, {
    thoughtSignatureFor: options.thoughtSignatureFor,
    requiresThoughtSignature: traits.requiresThoughtSignature,
    supportsSystemInstruction: traits.supportsSystemInstruction,
  });
  const body: GeminiGenerateContentRequest = { contents };
  if (systemInstruction) body.systemInstruction = systemInstruction;
  const tools = mapTools(request.tools);
  if (tools) body.tools = tools;
  const toolConfig = mapToolChoice(request.tool_choice, tools !== undefined);
  if (toolConfig) body.toolConfig = toolConfig;
  const generationConfig = mapGenerationConfig(request);
  if (generationConfig) body.generationConfig = generationConfig;
  if (options.safetySettings && options.safetySettings.length > 0) body.safetySettings = [...options.safetySettings];
  return body;
}
