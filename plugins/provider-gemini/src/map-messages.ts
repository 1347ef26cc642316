/**
 * OpenAI chat messages -> Gemini `contents` and `systemInstruction`.
 *
 * - system and developer messages become the system instruction (or, for models without one, a
 *   leading text part of the first user turn);
 * - assistant text and tool_calls become a `model` turn with text and functionCall parts;
 * - tool results become functionResponse parts of a `user` turn, consecutive results sharing one turn
 *   as Gemini expects for parallel calls; Gemini matches results by function name, which is recovered
 *   from the assistant tool call with the same id.
 */
import type { AssistantMessage, ChatMessage, FunctionMessage, TextContentPart, ToolMessage } from '@conduit/plugin-api';
import type { GeminiContent, GeminiPart } from './gemini-api.ts';
import { mapContentPart } from './map-content-part.ts';
import { isGeneratedToolCallId } from './tool-call-id.ts';
import { badRequest } from './unsupported.ts';

/** Google's documented value for a function call whose real thought signature is unknown. */
export const skipThoughtSignature = 'skip_thought_signature_validator';

export interface MapMessagesOptions {
  /** The thought signature Gemini attached to a tool call, when this process saw the call. */
  thoughtSignatureFor?(toolCallId: string): string | undefined;
  /** Gemini 3 and later reject a function call turn without a thought signature. */
  requiresThoughtSignature?: boolean;
  /** Gemma models have no system instruction. Default true. */
  supportsSystemInstruction?: boolean;
}

export interface MappedMessages {
  contents: GeminiContent[];
  systemInstruction?: GeminiContent;
}

export function mapMessages(messages: readonly ChatMessage[], options: MapMessagesOptions = {}): MappedMessages {
  const system: GeminiPart[] = [];
  const contents: GeminiContent[] = [];
  const toolNames = new Map<string, string>();
  let toolTurn: GeminiContent | undefined;

  messages.forEach((message, index) => {
    const param = `messages[${index}]`;
    if (message.role !== 'tool' && message.role !== 'function') toolTurn = undefined;
    switch (message.role) {
      case 'system':
      case 'developer': {
        const text = textOf(message.content);
        if (text) system.push({ text });
        return;
      }
      case 'user': {
        const parts =
          typeof message.content === 'string'
            ? [{ text: message.content }]
            : message.content.map((part, partIndex) => mapContentPart(part, `${param}.content[${partIndex}]`));
        contents.push({ role: 'user', parts });
        return;
      }
      case 'assistant': {
        const parts = assistantParts(message, toolNames, options, param);
        if (parts.length > 0) contents.push({ role: 'model', parts });
        return;
      }
      case 'tool':
      case 'function': {
        const part = toolResultPart(message, toolNames, param);
        if (!toolTurn) {
          toolTurn = { role: 'user', parts: [] };
          contents.push(toolTurn);
        }
        toolTurn.parts.push(part);
        return;
      }
      default:
        throw badRequest(`Unknown message role "${(message as { role?: string }).role}"`, `${param}.role`);
    }
  });

  if (system.length === 0) return { contents };
  if (options.supportsSystemInstruction === false) {
    const firstUser = contents.find((content) => content.role === 'user');
    const instruction: GeminiPart = { text: system.map((part) => part.text).join('\n') };
    if (firstUser) firstUser.parts.unshift(instruction);
    else contents.unshift({ role: 'user', parts: [instruction] });
    return { contents };
  }
  return { contents, systemInstruction: { parts: system } };
}

function assistantParts(
  message: AssistantMessage,
  toolNames: Map<string, string>,
  options: MapMessagesOptions,
  param: string,
): GeminiPart[] {
  const parts: GeminiPart[] = [];
  const text =
    typeof message.content === 'string'
      ? message.content
      : (message.content ?? []).map((part) => (part.type === 'text' ? part.text : part.refusal)).join('');
  if (text) parts.push({ text });

  const calls = message.tool_calls ?? [];
  calls.forEach((call, callIndex) => {
    toolNames.set(call.id, call.function.name);
    const part: GeminiPart = {
      functionCall: {
        ...(isGeneratedToolCallId(call.id) ? {} : { id: call.id }),
        name: call.function.name,
        args: parseArguments(call.function.arguments, `${param}.tool_calls[${callIndex}].function.arguments`),
      },
    };
    // Gemini signs only the first call of a parallel set.
    const signature =
      options.thoughtSignatureFor?.(call.id) ??
      (callIndex === 0 && options.requiresThoughtSignature ? skipThoughtSignature : undefined);
    if (signature) part.thoughtSignature = signature;
    parts.push(part);
  });

  if (message.function_call) {
    parts.push({
      functionCall: {
        name: message.function_call.name,
        args: parseArguments(message.function_call.arguments, `${param}.function_call.arguments`),
      },
      ...(calls.length === 0 && options.requiresThoughtSignature ? { thoughtSignature: skipThoughtSignature } : {}),
    });
  }
  return parts;
}

function toolResultPart(
  message: ToolMessage | FunctionMessage,
  toolNames: Map<string, string>,
  param: string,
): GeminiPart {
  if (message.role === 'function') {
    return { functionResponse: { name: message.name, response: { output: message.content ?? '' } } };
  }
  const name = toolNames.get(message.tool_call_id);
  if (!name) {
    throw badRequest(
      `The tool message answers tool_call_id "${message.tool_call_id}", which no earlier assistant message called`,
      `${param}.tool_call_id`,
    );
  }
  return {
    functionResponse: {
      ...(isGeneratedToolCallId(message.tool_call_id) ? {} : { id: message.tool_call_id }),
      name,
      response: { output: textOf(message.content) },
    },
  };
}

function parseArguments(raw: string, param: string): Record<string, unknown> {
  if (raw.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw badRequest('Tool call arguments must be JSON for Gemini', param);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw badRequest('Tool call arguments must be a JSON object for Gemini', param);
  }
  return parsed as Record<string, unknown>;
}

function textOf(content: string | TextContentPart[] | null | undefined): string {
  if (content == null) return '';
  return typeof content === 'string' ? content : content.map((part) => part.text).join('');
}
