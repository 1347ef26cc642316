/**
 * The gateway's chat completion chunks -> Anthropic's stream events: `message_start` and a `ping`,
 * then one content block after the other (reasoning as a `thinking` block of `thinking_delta`s, text
 * as `text_delta`, each tool call as a `tool_use` block whose arguments arrive as `input_json_delta`),
 * `message_delta` with the stop reason and usage, and `message_stop`. A thinking block ends, as
 * Anthropic's do, with a `signature_delta` when the provider's completed block (a `thinking_blocks`
 * delta) carries a signature; a redacted thinking block is one `content_block_start` and stop. A
 * provider that signs nothing leaves thinking blocks without `signature_delta` (the SDK needs none).
 *
 * Nothing is yielded before the upstream produced output (or ended): the pipeline starts the response
 * with the first event, so an upstream that fails before that is replaced by the next deployment.
 */
import type { ChatCompletionChunk, FinishReason, Usage } from '@conduit/plugin-api';
import { toThinkingBlocks } from './to-anthropic-message.ts';
import { checkStreamChunk } from '../../http/check-stream-chunk.ts';
import type { AnthropicContentBlock, AnthropicStreamEvent } from './anthropic-message.ts';
import { messageId, toolUseId } from './anthropic-ids.ts';
import { toAnthropicUsage } from './to-anthropic-usage.ts';
import { toStopReason } from './to-stop-reason.ts';
import type { AnswerUsage } from '../../endpoint.ts';
import { StreamedUsage } from '../translated-chat.ts';

export interface StreamTranslation {
  /** The provider streaming, named when its chunks are not chunks. */
  providerName: string;
  /** The model the client asked for, when the upstream names none. */
  requestedModel: string;
  /** The prompt's tokens as the gateway counts them, for `message_start`; `message_delta` carries the provider's. */
  inputTokens(): Promise<number>;
  /** The usage when the provider reported none, from the text delivered. */
  estimate(output: string): Usage;
}

type BlockKind = 'thinking' | 'redacted' | 'text' | 'tool';

export class AnthropicStreamTranslator {
  private readonly streamed: StreamedUsage;
  private finish: FinishReason | null = null;
  private started = false;
  private nextIndex = 0;
  private open: { index: number; kind: BlockKind } | undefined;
  /** Content block index of each tool call, by the chunk's tool call index. */
  private readonly toolBlocks = new Map<number, number>();

  constructor(private readonly translation: StreamTranslation) {
    this.streamed = new StreamedUsage(translation.estimate);
  }

  /** The usage of what was streamed: the provider's, else estimated. */
  usage(): AnswerUsage {
    return this.streamed.usage();
  }

  async *events(chunks: AsyncIterable<ChatCompletionChunk>): AsyncGenerator<AnthropicStreamEvent> {
    for await (const item of chunks) {
      const chunk = checkStreamChunk<ChatCompletionChunk>(item, this.translation.providerName);
      this.streamed.report(chunk.usage);
      for (const choice of chunk.choices) {
        if (choice.index !== 0) continue;
        const delta = choice.delta ?? {};
        const reasoning = delta.reasoning_content;
        if (typeof reasoning === 'string' && reasoning !== '') {
          if (!this.started) yield* this.start(chunk);
          if (this.open?.kind !== 'thinking') yield* this.openBlock({ type: 'thinking', thinking: '', signature: '' }, 'thinking');
          this.streamed.delivered(reasoning);
          yield { type: 'content_block_delta', index: this.open!.index, delta: { type: 'thinking_delta', thinking: reasoning } };
        }
        for (const block of toThinkingBlocks(delta.thinking_blocks)) {
          if (!this.started) yield* this.start(chunk);
          yield* this.completeThinking(block);
        }
        const text = (delta.content ?? '') + (delta.refusal ?? '');
        if (text !== '') {
          if (!this.started) yield* this.start(chunk);
          if (this.open?.kind !== 'text') yield* this.openBlock({ type: 'text', text: '' }, 'text');
          this.streamed.delivered(text);
          yield { type: 'content_block_delta', index: this.open!.index, delta: { type: 'text_delta', text } };
        }
        for (const call of delta.tool_calls ?? []) {
          let index = this.toolBlocks.get(call.index);
          if (index === undefined) {
            if (!this.started) yield* this.start(chunk);
            const name = call.function?.name ?? '';
            this.streamed.delivered(name);
            yield* this.openBlock({ type: 'tool_use', id: toolUseId(call.id), name, input: {} }, 'tool');
            index = this.open!.index;
            this.toolBlocks.set(call.index, index);
          }
          const pieceOfInput = call.function?.arguments;
          if (pieceOfInput) {
            this.streamed.delivered(pieceOfInput);
            yield { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: pieceOfInput } };
          }
        }
        if (choice.finish_reason) this.finish = choice.finish_reason;
      }
    }
    if (!this.started) yield* this.start(undefined);
    yield* this.closeBlock();
    yield {
      type: 'message_delta',
      delta: { stop_reason: toStopReason(this.finish), stop_sequence: null },
      usage: toAnthropicUsage(this.usage().usage),
    };
    yield { type: 'message_stop' };
  }

  private async *start(chunk: ChatCompletionChunk | undefined): AsyncGenerator<AnthropicStreamEvent> {
    this.started = true;
    const inputTokens = await this.translation.inputTokens();
    yield {
      type: 'message_start',
      message: {
        id: messageId(chunk?.id),
        type: 'message',
        role: 'assistant',
        content: [],
        model: chunk?.model || this.translation.requestedModel,
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: inputTokens, output_tokens: 0, cache_creation_input_tokens: null, cache_read_input_tokens: null },
      },
    };
    yield { type: 'ping' };
  }

  /**
   * A completed block: its text already streamed (as reasoning_content) into the open thinking block,
   * which gets the signature and closes; a block that did not stream arrives here whole.
   */
  private *completeThinking(block: ReturnType<typeof toThinkingBlocks>[number]): Generator<AnthropicStreamEvent> {
    if (block.type === 'redacted_thinking') {
      yield* this.openBlock(block, 'redacted');
      yield* this.closeBlock();
      return;
    }
    if (this.open?.kind !== 'thinking') {
      yield* this.openBlock({ type: 'thinking', thinking: '', signature: '' }, 'thinking');
      if (block.thinking !== '') {
        this.streamed.delivered(block.thinking);
        yield { type: 'content_block_delta', index: this.open!.index, delta: { type: 'thinking_delta', thinking: block.thinking } };
      }
    }
    if (block.signature !== '') yield { type: 'content_block_delta', index: this.open!.index, delta: { type: 'signature_delta', signature: block.signature } };
    yield* this.closeBlock();
  }

  private *openBlock(block: AnthropicContentBlock, kind: BlockKind): Generator<AnthropicStreamEvent> {
    yield* this.closeBlock();
    const index = this.nextIndex++;
    this.open = { index, kind };
    yield { type: 'content_block_start', index, content_block: block };
  }

  private *closeBlock(): Generator<AnthropicStreamEvent> {
    if (!this.open) return;
    yield { type: 'content_block_stop', index: this.open.index };
    this.open = undefined;
  }
}
