/**
 * A Gemini GenerateContentResponse -> an OpenAI chat.completion. Each candidate becomes a choice; a
 * prompt blocked by Gemini's safety filters (promptFeedback.blockReason, no candidates) becomes one
 * empty choice finished by `content_filter`. A candidate that ended in a failed function call is an
 * error (see finish-reason-error.ts).
 */
import { randomUUID } from 'node:crypto';
import { ProviderError, type ChatCompletion, type ChatCompletionChoice } from '@conduit/plugin-api';
import type { GeminiGenerateContentResponse } from './gemini-api.ts';
import { finishReasonError } from './finish-reason-error.ts';
import { mapFinishReason } from './map-finish-reason.ts';
import { mapUsage } from './map-usage.ts';
import { readCandidateParts, type SignatureListener } from './read-candidate-parts.ts';

export interface ResponseIdentity {
  id: string;
  created: number;
  model: string;
}

export function mapChatResponse(
  response: GeminiGenerateContentResponse,
  identity: ResponseIdentity,
  onSignature?: SignatureListener,
): ChatCompletion {
  const choices: ChatCompletionChoice[] = (response.candidates ?? []).map((candidate, position) => {
    const failure = finishReasonError(candidate);
    if (failure) throw failure;
    const { text, toolCalls } = readCandidateParts(candidate.content?.parts, onSignature);
    const hasToolCalls = toolCalls.length > 0;
    return {
      index: candidate.index ?? position,
      message: {
        role: 'assistant',
        content: text === '' && hasToolCalls ? null : text,
        ...(hasToolCalls ? { tool_calls: toolCalls } : {}),
      },
      finish_reason: mapFinishReason(candidate.finishReason, hasToolCalls) ?? 'stop',
      logprobs: null,
    };
  });
  if (choices.length === 0 && response.promptFeedback?.blockReason) {
    choices.push({ index: 0, message: { role: 'assistant', content: null }, finish_reason: 'content_filter', logprobs: null });
  }
  if (choices.length === 0) {
    throw new ProviderError({ code: 'invalid_response', message: 'Gemini answered without any candidate' });
  }
  const completion: ChatCompletion = {
    id: identity.id,
    object: 'chat.completion',
    created: identity.created,
    model: identity.model,
    choices,
  };
  const usage = mapUsage(response.usageMetadata);
  if (usage) completion.usage = usage;
  return completion;
}

/** `chatcmpl-` + Gemini's response id, or a random one. */
export function completionId(responseId: string | undefined): string {
  return `chatcmpl-${responseId || randomUUID().replace(/-/g, '')}`;
}
