/**
 * Gemini finish reasons that mean the model failed to produce a usable answer: a function call that
 * does not parse or names no declared function. OpenAI answers the same failure with a retryable
 * server error ("The model produced invalid content"), so these become a ProviderError instead of an
 * empty answer finished by `stop`.
 */
import { ProviderError } from '@conduit/plugin-api';
import type { GeminiCandidate } from './gemini-api.ts';

const failedToolCallReasons = new Set(['MALFORMED_FUNCTION_CALL', 'UNEXPECTED_TOOL_CALL']);

export function finishReasonError(candidate: Pick<GeminiCandidate, 'finishReason' | 'finishMessage'>): ProviderError | undefined {
  const reason = candidate.finishReason;
  if (typeof reason !== 'string' || !failedToolCallReasons.has(reason)) return undefined;
  const detail = typeof candidate.finishMessage === 'string' ? candidate.finishMessage.trim() : '';
  return new ProviderError({
    code: 'server',
    message: detail || `Gemini produced an invalid function call (${reason})`,
    providerCode: reason,
  });
}
