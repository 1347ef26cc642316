/**
 * Splits a candidate's parts into what OpenAI can carry: answer text and function calls. Thought
 * parts (reasoning summaries) are dropped; thought signatures are handed to `onSignature`.
 */
import type { ToolCall } from '@conduit/plugin-api';
import type { GeminiPart } from './gemini-api.ts';
import { generateToolCallId } from './tool-call-id.ts';

export interface CandidateParts {
  text: string;
  toolCalls: ToolCall[];
}

export type SignatureListener = (toolCallId: string, signature: string) => void;

export function readCandidateParts(parts: readonly GeminiPart[] | undefined, onSignature?: SignatureListener): CandidateParts {
  let text = '';
  const toolCalls: ToolCall[] = [];
  for (const part of parts ?? []) {
    if (part.thought === true) continue;
    if (typeof part.text === 'string') text += part.text;
    const call = part.functionCall;
    if (call) {
      const id = call.id || generateToolCallId();
      toolCalls.push({
        id,
        type: 'function',
        function: { name: call.name, arguments: JSON.stringify(call.args ?? {}) },
      });
      if (part.thoughtSignature) onSignature?.(id, part.thoughtSignature);
    }
  }
  return { text, toolCalls };
}
