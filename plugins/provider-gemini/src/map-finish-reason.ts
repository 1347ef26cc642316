/**
 * Gemini's finishReason -> OpenAI's finish_reason. Gemini reports STOP when it ends with function
 * calls, so a choice that carries tool calls finishes with `tool_calls` instead.
 */
import type { FinishReason } from '@conduit/plugin-api';
import type { GeminiFinishReason } from './gemini-api.ts';

const contentFilterReasons = new Set([
  'SAFETY',
  'RECITATION',
  'BLOCKLIST',
  'PROHIBITED_CONTENT',
  'SPII',
  'IMAGE_SAFETY',
  'IMAGE_PROHIBITED_CONTENT',
  'IMAGE_RECITATION',
]);

export function mapFinishReason(reason: GeminiFinishReason | undefined, hasToolCalls: boolean): FinishReason | null {
  if (reason === undefined) return hasToolCalls ? 'tool_calls' : null;
  if (reason === 'MAX_TOKENS') return 'length';
  if (contentFilterReasons.has(reason)) return 'content_filter';
  return hasToolCalls ? 'tool_calls' : 'stop';
}
