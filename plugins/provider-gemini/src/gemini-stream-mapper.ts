/**
 * Gemini stream events -> OpenAI chat.completion.chunk objects. Each `data:` event of
 * `streamGenerateContent?alt=sse` is a whole GenerateContentResponse holding the next piece of each
 * candidate. Text pieces are relayed as they arrive; Gemini sends every function call whole, so each
 * becomes a single tool-call delta carrying index, id, name and the complete arguments. Usage comes
 * from the last event that reported it, on one final chunk with `choices: []`.
 *
 * Gemini's last event always carries each candidate's finishReason (if need be with no parts), and
 * the stream has no other end marker: a body that ends before it was cut off, and fails the stream.
 */
import type { ChatCompletionChunk, ChatCompletionDelta, FinishReason } from '@conduit/plugin-api';
import { ProviderError } from '@conduit/plugin-api';
import type { GeminiGenerateContentResponse, GeminiUsageMetadata } from './gemini-api.ts';
import { finishReasonError } from './finish-reason-error.ts';
import { mapFinishReason } from './map-finish-reason.ts';
import { mapUsage } from './map-usage.ts';
import { readCandidateParts, type SignatureListener } from './read-candidate-parts.ts';
import { completionId, type ResponseIdentity } from './map-chat-response.ts';

interface ChoiceState {
  toolCalls: number;
  finished: boolean;
}

export class GeminiStreamMapper {
  private readonly choices = new Map<number, ChoiceState>();
  private usage: GeminiUsageMetadata | undefined;
  private id: string | undefined;

  /** Without `identity.id`, the id is made from the first event's responseId. */
  constructor(
    private readonly identity: Omit<ResponseIdentity, 'id'> & { id?: string },
    private readonly onSignature?: SignatureListener,
  ) {
    this.id = identity.id;
  }

  /** The chunks one Gemini event turns into (possibly none). */
  push(event: GeminiGenerateContentResponse): ChatCompletionChunk[] {
    const chunks: ChatCompletionChunk[] = [];
    this.id ??= completionId(event.responseId);
    if (event.usageMetadata) this.usage = event.usageMetadata;
    const candidates = event.candidates ?? [];

    candidates.forEach((candidate, position) => {
      const index = candidate.index ?? position;
      const state = this.start(index, chunks);
      const { text, toolCalls } = readCandidateParts(candidate.content?.parts, this.onSignature);
      if (text !== '') chunks.push(this.chunk(index, { content: text }));
      for (const call of toolCalls) {
        chunks.push(
          this.chunk(index, {
            tool_calls: [
              {
                index: state.toolCalls++,
                id: call.id,
                type: 'function',
                function: { name: call.function.name, arguments: call.function.arguments },
              },
            ],
          }),
        );
      }
      // null (a serializer's way of writing an unset field) and the proto default are no finish.
      const finishReason = candidate.finishReason === 'FINISH_REASON_UNSPECIFIED' ? undefined : (candidate.finishReason ?? undefined);
      if (finishReason !== undefined && !state.finished) {
        const failure = finishReasonError(candidate);
        if (failure) throw failure;
        const reason = mapFinishReason(finishReason, state.toolCalls > 0) ?? 'stop';
        chunks.push(this.finish(index, state, reason));
      }
    });

    if (candidates.length === 0 && event.promptFeedback?.blockReason) {
      const state = this.start(0, chunks);
      if (!state.finished) chunks.push(this.finish(0, state, 'content_filter'));
    }
    return chunks;
  }

  /** The usage chunk; throws when the body ended before every candidate had its finishReason. */
  end(): ChatCompletionChunk[] {
    if (this.choices.size === 0) {
      throw new ProviderError({ code: 'invalid_response', message: 'Gemini ended the stream without any candidate' });
    }
    if ([...this.choices.values()].some((state) => !state.finished)) {
      throw new ProviderError({ code: 'connection', message: 'The Gemini stream ended before its finishReason' });
    }
    const usage = mapUsage(this.usage);
    return usage ? [{ ...this.base(), choices: [], usage }] : [];
  }

  private start(index: number, chunks: ChatCompletionChunk[]): ChoiceState {
    let state = this.choices.get(index);
    if (!state) {
      state = { toolCalls: 0, finished: false };
      this.choices.set(index, state);
      chunks.push(this.chunk(index, { role: 'assistant', content: '' }));
    }
    return state;
  }

  private finish(index: number, state: ChoiceState, reason: FinishReason): ChatCompletionChunk {
    state.finished = true;
    return { ...this.base(), choices: [{ index, delta: {}, finish_reason: reason, logprobs: null }] };
  }

  private chunk(index: number, delta: ChatCompletionDelta): ChatCompletionChunk {
    return { ...this.base(), choices: [{ index, delta, finish_reason: null, logprobs: null }] };
  }

  private base(): { id: string; object: 'chat.completion.chunk'; created: number; model: string } {
    const { created, model } = this.identity;
    this.id ??= completionId(undefined);
    return { id: this.id, object: 'chat.completion.chunk', created, model };
  }
}
