/**
 * Mistral stream chunks -> canonical OpenAI chunks. Mistral's chunks are OpenAI-like, but:
 * - usage rides on the chunk that carries the finish reason; it is moved to one final chunk with
 *   `choices: []`, emitted by `finish()`;
 * - a tool call usually arrives whole, in one delta, and parallel calls may all say `index: 0`;
 *   calls are told apart by id (an id of "null" is no id), and each is relayed as a first delta (id, name, arguments '')
 *   followed by its arguments as they arrived;
 * - content may be a list of chunks (reasoning models): the text of `thinking` chunks is relayed as
 *   `reasoning_content`, `text` chunks as content, others (references) are skipped;
 * - the role-only opening chunk is held back until there is output, so an error event right after
 *   it still fails the stream before output;
 * - an error body in place of a chunk is thrown (see stream-error.ts);
 * - a stream that ends before every choice had its finish reason was cut short, and fails.
 */
import {
  ProviderError,
  type ChatCompletionChunk,
  type ChatCompletionDelta,
  type FinishReason,
  type Usage,
} from '@conduit/plugin-api';
import { contentReasoning } from './content-reasoning.ts';
import { contentText } from './content-text.ts';
import { mapFinishReason } from './map-finish-reason.ts';
import { mapUsage } from './map-usage.ts';
import { streamError } from './stream-error.ts';

export interface MistralStreamOptions {
  model: string;
  created: number;
  fallbackId: string;
}

interface ChoiceState {
  roleSent: boolean;
  finished: boolean;
  nextToolIndex: number;
  toolIndexById: Map<string, number>;
  toolIndexByPosition: Map<number, number>;
}

interface RawToolCall {
  id?: unknown;
  index?: unknown;
  function?: { name?: unknown; arguments?: unknown };
}

interface RawChoice {
  index?: unknown;
  delta?: { content?: unknown; tool_calls?: unknown };
  finish_reason?: unknown;
}

export class MistralStreamNormalizer {
  private header: Pick<ChatCompletionChunk, 'id' | 'object' | 'created' | 'model'> | undefined;
  private usage: Usage | undefined;
  private readonly choices = new Map<number, ChoiceState>();

  constructor(private readonly options: MistralStreamOptions) {}

  push(raw: unknown): ChatCompletionChunk[] {
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
      throw new ProviderError({ code: 'invalid_response', message: 'Mistral sent an unexpected stream event' });
    }
    const value = raw as Record<string, unknown>;
    const error = streamError(value);
    if (error) throw error;
    this.header ??= {
      id: typeof value.id === 'string' && value.id !== '' ? value.id : this.options.fallbackId,
      object: 'chat.completion.chunk',
      created: typeof value.created === 'number' ? value.created : this.options.created,
      model: typeof value.model === 'string' && value.model !== '' ? value.model : this.options.model,
    };
    this.usage = mapUsage(value.usage) ?? this.usage;
    const choices = Array.isArray(value.choices) ? (value.choices as RawChoice[]) : [];
    return choices.flatMap((choice, position) => this.pushChoice(choice, position));
  }

  /**
   * The usage chunk, once the stream has ended (none when Mistral reported no usage). Throws when a
   * choice never got its finish reason: the stream was cut, and is not a complete answer.
   */
  finish(): ChatCompletionChunk[] {
    if (this.choices.size === 0 || [...this.choices.values()].some((state) => !state.finished)) {
      throw new ProviderError({ code: 'connection', message: 'The Mistral stream ended before its finish_reason' });
    }
    if (!this.usage || !this.header) return [];
    return [{ ...this.header, choices: [], usage: this.usage }];
  }

  private pushChoice(choice: RawChoice, position: number): ChatCompletionChunk[] {
    const index = typeof choice.index === 'number' ? choice.index : position;
    let state = this.choices.get(index);
    if (!state) {
      state = { roleSent: false, finished: false, nextToolIndex: 0, toolIndexById: new Map(), toolIndexByPosition: new Map() };
      this.choices.set(index, state);
    }
    const out: ChatCompletionChunk[] = [];
    const reasoning = contentReasoning(choice.delta?.content);
    if (reasoning) out.push(...this.emit(index, state, { reasoning_content: reasoning }));
    const text = contentText(choice.delta?.content);
    if (text) out.push(...this.emit(index, state, { content: text }));
    const toolCalls = Array.isArray(choice.delta?.tool_calls) ? (choice.delta.tool_calls as RawToolCall[]) : [];
    toolCalls.forEach((call, callPosition) => out.push(...this.pushToolCall(index, state, call, callPosition)));
    const finishReason = mapFinishReason(choice.finish_reason);
    if (finishReason) {
      state.finished = true;
      out.push(...this.emit(index, state, {}, finishReason));
    }
    return out;
  }

  private pushToolCall(choiceIndex: number, state: ChoiceState, call: RawToolCall, callPosition: number): ChatCompletionChunk[] {
    const position = typeof call.index === 'number' ? call.index : callPosition;
    // Continuation deltas may carry no id, or the string "null" (devstral): both extend the call at their index.
    const id = typeof call.id === 'string' && call.id !== '' && call.id !== 'null' ? call.id : undefined;
    let index = id !== undefined ? state.toolIndexById.get(id) : state.toolIndexByPosition.get(position);
    const out: ChatCompletionChunk[] = [];
    if (index === undefined) {
      index = state.nextToolIndex++;
      if (id !== undefined) state.toolIndexById.set(id, index);
      const name = typeof call.function?.name === 'string' ? call.function.name : '';
      out.push(
        ...this.emit(choiceIndex, state, {
          tool_calls: [{ index, id: id ?? `call_${this.header?.id}_${index}`, type: 'function', function: { name, arguments: '' } }],
        }),
      );
    }
    state.toolIndexByPosition.set(position, index);
    const args = call.function?.arguments;
    const pieceOfArguments = typeof args === 'string' ? args : args !== undefined && args !== null ? JSON.stringify(args) : '';
    if (pieceOfArguments !== '') {
      out.push(...this.emit(choiceIndex, state, { tool_calls: [{ index, function: { arguments: pieceOfArguments } }] }));
    }
    return out;
  }

  private emit(choiceIndex: number, state: ChoiceState, delta: ChatCompletionDelta, finishReason: FinishReason | null = null): ChatCompletionChunk[] {
    const out: ChatCompletionChunk[] = [];
    if (!state.roleSent) {
      state.roleSent = true;
      out.push(this.chunk(choiceIndex, { role: 'assistant', content: '' }, null));
    }
    out.push(this.chunk(choiceIndex, delta, finishReason));
    return out;
  }

  private chunk(index: number, delta: ChatCompletionDelta, finishReason: FinishReason | null): ChatCompletionChunk {
    return { ...this.header!, choices: [{ index, delta, finish_reason: finishReason, logprobs: null }] };
  }
}
