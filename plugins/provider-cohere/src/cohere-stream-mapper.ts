/**
 * Cohere `/v2/chat` stream events -> OpenAI chunks, one event at a time.
 *
 * The role chunk is held back until the first real output so that a stream failing right after
 * `message-start` still fails before output (and can fail over). The tool plan is streamed as
 * content, as the non-stream mapping does. Tool-call argument pieces are relayed as they arrive;
 * a call whose arguments never came (a function without parameters) gets `{}` when it ends, as
 * in the non-stream mapping, so the client's concatenated arguments are valid JSON.
 */
import {
  ProviderError,
  type ChatCompletionChunk,
  type ChatCompletionDelta,
  type FinishReason,
} from '@conduit/plugin-api';
import type { CohereStreamEvent, CohereStreamToolCall } from './cohere-types.ts';
import { finishReasonError } from './map-error.ts';
import { mapFinishReason } from './map-finish-reason.ts';
import { mapUsage } from './map-usage.ts';

export interface CohereStreamMapperOptions {
  model: string;
  created: number;
  /** Used when the stream carries no message id. */
  fallbackId: string;
}

export class CohereStreamMapper {
  private id: string;
  private readonly created: number;
  private readonly model: string;
  private roleSent = false;
  private ended = false;
  /** Cohere's tool-call index -> the OpenAI index given to that call. */
  private readonly toolIndexes = new Map<number, number>();
  private lastToolIndex = -1;
  /** OpenAI indexes of the tool calls that have relayed no argument piece yet. */
  private readonly toolsWithoutArguments = new Set<number>();

  constructor(options: CohereStreamMapperOptions) {
    this.id = options.fallbackId;
    this.created = options.created;
    this.model = options.model;
  }

  /** True once `message-end` arrived; later events are ignored. */
  get done(): boolean {
    return this.ended;
  }

  push(event: CohereStreamEvent): ChatCompletionChunk[] {
    if (this.ended) return [];
    const message = event.delta?.message;
    switch (event.type) {
      case 'message-start':
        if (event.id && !this.roleSent) this.id = event.id;
        return [];
      case 'content-start':
      case 'content-delta': {
        const content = message?.content;
        const text = content && !Array.isArray(content) ? content.text : undefined;
        return typeof text === 'string' && text !== '' ? this.emit({ content: text }) : [];
      }
      case 'tool-plan-delta': {
        const plan = message?.tool_plan;
        return typeof plan === 'string' && plan !== '' ? this.emit({ content: plan }) : [];
      }
      case 'tool-call-start':
        return this.startToolCall(event.index, firstToolCall(message?.tool_calls));
      case 'tool-call-delta': {
        const index = this.toolIndexOf(event.index);
        const pieceOfArguments = firstToolCall(message?.tool_calls)?.function?.arguments;
        if (index < 0 || typeof pieceOfArguments !== 'string' || pieceOfArguments === '') return [];
        this.toolsWithoutArguments.delete(index);
        return this.emit({ tool_calls: [{ index, function: { arguments: pieceOfArguments } }] });
      }
      case 'tool-call-end':
        return this.closeArguments(this.toolIndexOf(event.index));
      case 'message-end':
        return this.end(event);
      default:
        // content-end, citation-start/-end, debug: nothing to relay.
        return [];
    }
  }

  /** Called when the HTTP stream closed; a stream without `message-end` was cut short. */
  finish(): void {
    if (!this.ended) {
      throw new ProviderError({ code: 'connection', message: 'Cohere closed the stream before it finished' });
    }
  }

  private startToolCall(cohereIndex: number | null | undefined, call: CohereStreamToolCall | undefined): ChatCompletionChunk[] {
    const index = this.lastToolIndex + 1;
    if (cohereIndex !== undefined && cohereIndex !== null) this.toolIndexes.set(cohereIndex, index);
    this.lastToolIndex = index;
    const chunks = this.emit({
      tool_calls: [
        {
          index,
          id: call?.id ?? `call_${this.id}_${index}`,
          type: 'function',
          function: { name: call?.function?.name ?? '', arguments: '' },
        },
      ],
    });
    const initialArguments = call?.function?.arguments;
    if (typeof initialArguments === 'string' && initialArguments !== '') {
      chunks.push(...this.emit({ tool_calls: [{ index, function: { arguments: initialArguments } }] }));
    } else {
      this.toolsWithoutArguments.add(index);
    }
    return chunks;
  }

  private toolIndexOf(cohereIndex: number | null | undefined): number {
    return (cohereIndex !== undefined && cohereIndex !== null ? this.toolIndexes.get(cohereIndex) : undefined) ?? this.lastToolIndex;
  }

  private closeArguments(index: number): ChatCompletionChunk[] {
    if (!this.toolsWithoutArguments.delete(index)) return [];
    return this.emit({ tool_calls: [{ index, function: { arguments: '{}' } }] });
  }

  private end(event: CohereStreamEvent): ChatCompletionChunk[] {
    const delta = event.delta;
    const failure =
      finishReasonError(delta?.finish_reason, delta?.error) ??
      (delta?.error ? new ProviderError({ code: 'server', message: delta.error }) : undefined);
    if (failure) throw failure;
    this.ended = true;
    let finishReason: FinishReason = mapFinishReason(delta?.finish_reason);
    if (this.lastToolIndex >= 0 && finishReason === 'stop') finishReason = 'tool_calls';
    // A call still open when MAX_TOKENS cut the answer did not end: '{}' would pass it off as whole.
    const open = finishReason === 'length' ? [] : [...this.toolsWithoutArguments];
    const chunks = open.flatMap((index) => this.closeArguments(index));
    chunks.push(...this.emit({}, finishReason));
    const usage = mapUsage(delta?.usage);
    if (usage) chunks.push({ ...this.base(), choices: [], usage });
    return chunks;
  }

  private emit(delta: ChatCompletionDelta, finishReason: FinishReason | null = null): ChatCompletionChunk[] {
    const chunks: ChatCompletionChunk[] = [];
    if (!this.roleSent) {
      this.roleSent = true;
      chunks.push(this.chunk({ role: 'assistant', content: '' }, null));
    }
    chunks.push(this.chunk(delta, finishReason));
    return chunks;
  }

  private chunk(delta: ChatCompletionDelta, finishReason: FinishReason | null): ChatCompletionChunk {
    return { ...this.base(), choices: [{ index: 0, delta, finish_reason: finishReason, logprobs: null }] };
  }

  private base(): Pick<ChatCompletionChunk, 'id' | 'object' | 'created' | 'model'> {
    return { id: this.id, object: 'chat.completion.chunk', created: this.created, model: this.model };
  }
}

/** Cohere sends one tool call per event as an object; tolerate a one-element list too. */
function firstToolCall(value: CohereStreamToolCall | CohereStreamToolCall[] | null | undefined): CohereStreamToolCall | undefined {
  if (!value) return undefined;
  return Array.isArray(value) ? value[0] : value;
}
