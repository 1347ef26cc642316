/**
 * Anthropic stream events -> OpenAI chat.completion.chunk objects, one event at a time.
 *
 * - Nothing is emitted until the model produces output, so an `error` event that follows only
 *   `message_start` / `ping` still fails the stream before output (the router may fail over).
 *   The first emitted chunk is then `{role: 'assistant', content: ''}`.
 * - `text_delta` -> `content`; `thinking_delta` -> the `reasoning_content` extension. When a
 *   thinking block stops, it is emitted whole (text and the signature of its `signature_delta`) as
 *   the `thinking_blocks` extension; a `redacted_thinking` block is emitted as it starts.
 * - Each `tool_use` block is one tool call; its index counts tool_use blocks only (not the text
 *   blocks before it). The first delta carries id, type, name and `arguments: ''`; every
 *   `input_json_delta` is relayed as it arrives.
 * - `message_stop` yields the finish chunk and then one usage chunk with `choices: []`, from the
 *   cumulative counts of `message_start` and `message_delta`.
 */
import { randomUUID } from 'node:crypto';
import { ProviderError, type ChatCompletionChunk, type ChatCompletionDelta, type ThinkingBlock } from '@conduit/plugin-api';
import type { AnthropicResponseBlock, AnthropicStreamEvent, AnthropicUsage } from './anthropic-api.ts';
import { mapAnthropicStreamError } from './map-error.ts';
import { mapFinishReason } from './map-finish-reason.ts';
import { mapUsage, mergeUsage } from './map-usage.ts';

interface ToolBlock {
  toolIndex: number;
  arguments: string;
  startInput: unknown;
}

export class AnthropicStreamMapper {
  private id: string | undefined;
  private model: string;
  private readonly created: number;
  private started = false;
  private stopped = false;
  private usage: AnthropicUsage | undefined;
  private stopReason: string | null = null;
  private readonly toolBlocks = new Map<number, ToolBlock>();
  private readonly thinkingBlocks = new Map<number, { thinking: string; signature?: string }>();
  private nextToolIndex = 0;

  constructor(requestedModel: string, created: number = Math.floor(Date.now() / 1000)) {
    this.model = requestedModel;
    this.created = created;
  }

  /** True once `message_stop` arrived; a stream that ends before is truncated. */
  get complete(): boolean {
    return this.stopped;
  }

  push(event: AnthropicStreamEvent): ChatCompletionChunk[] {
    if (this.stopped) return [];
    switch (event.type) {
      case 'message_start':
        this.id = event.message.id || this.id;
        this.model = event.message.model || this.model;
        this.usage = event.message.usage ?? this.usage;
        return [];
      case 'content_block_start':
        return this.startBlock(event.index, event.content_block);
      case 'content_block_delta':
        return this.delta(event.index, event.delta);
      case 'content_block_stop':
        return this.stopBlock(event.index);
      case 'message_delta':
        this.stopReason = event.delta?.stop_reason ?? this.stopReason;
        if (event.usage) this.usage = this.usage ? mergeUsage(this.usage, event.usage) : event.usage;
        return [];
      case 'message_stop':
        return this.finish();
      case 'error':
        throw mapAnthropicStreamError(event.error);
      default:
        // ping, and event types added after this plugin was written.
        return [];
    }
  }

  /** Call when the body ended; throws when the stream was cut before `message_stop`. */
  end(): void {
    if (!this.stopped) {
      throw new ProviderError({
        code: 'connection',
        message: 'The Anthropic stream ended before message_stop',
      });
    }
  }

  private startBlock(index: number, block: AnthropicResponseBlock): ChatCompletionChunk[] {
    if (block.type === 'tool_use') {
      const toolIndex = this.nextToolIndex++;
      this.toolBlocks.set(index, { toolIndex, arguments: '', startInput: block.input });
      return this.emit({
        tool_calls: [
          { index: toolIndex, id: String(block.id), type: 'function', function: { name: String(block.name), arguments: '' } },
        ],
      });
    }
    if (block.type === 'text' && typeof block.text === 'string' && block.text) return this.emit({ content: block.text });
    if (block.type === 'thinking') {
      const thinking = typeof block.thinking === 'string' ? block.thinking : '';
      this.thinkingBlocks.set(index, { thinking, signature: typeof block.signature === 'string' && block.signature ? block.signature : undefined });
      return thinking ? this.emit({ reasoning_content: thinking }) : [];
    }
    if (block.type === 'redacted_thinking' && typeof block.data === 'string') {
      return this.emit({ thinking_blocks: [{ type: 'redacted_thinking', data: block.data }] });
    }
    return [];
  }

  private delta(index: number, delta: Extract<AnthropicStreamEvent, { type: 'content_block_delta' }>['delta']): ChatCompletionChunk[] {
    switch (delta.type) {
      case 'text_delta':
        return delta.text ? this.emit({ content: delta.text }) : [];
      case 'thinking_delta': {
        const thinking = this.thinkingBlocks.get(index);
        if (thinking && delta.thinking) thinking.thinking += delta.thinking;
        return delta.thinking ? this.emit({ reasoning_content: delta.thinking }) : [];
      }
      case 'signature_delta': {
        const thinking = this.thinkingBlocks.get(index);
        if (thinking && delta.signature) thinking.signature = (thinking.signature ?? '') + delta.signature;
        return [];
      }
      case 'input_json_delta': {
        const tool = this.toolBlocks.get(index);
        if (!tool || !delta.partial_json) return [];
        tool.arguments += delta.partial_json;
        return this.emit({ tool_calls: [{ index: tool.toolIndex, function: { arguments: delta.partial_json } }] });
      }
      default:
        return [];
    }
  }

  /** A tool whose input never streamed (no parameters) still needs valid JSON arguments. */
  private stopBlock(index: number): ChatCompletionChunk[] {
    const thinking = this.thinkingBlocks.get(index);
    if (thinking) {
      this.thinkingBlocks.delete(index);
      const block: ThinkingBlock = { type: 'thinking', thinking: thinking.thinking };
      if (thinking.signature) block.signature = thinking.signature;
      return this.emit({ thinking_blocks: [block] });
    }
    const tool = this.toolBlocks.get(index);
    if (!tool || tool.arguments !== '') return [];
    tool.arguments = JSON.stringify(tool.startInput ?? {});
    return this.emit({ tool_calls: [{ index: tool.toolIndex, function: { arguments: tool.arguments } }] });
  }

  private finish(): ChatCompletionChunk[] {
    const chunks = this.emit({}, mapFinishReason(this.stopReason));
    this.stopped = true;
    if (this.usage) chunks.push({ ...this.base(), choices: [], usage: mapUsage(this.usage) });
    return chunks;
  }

  private emit(delta: ChatCompletionDelta, finishReason: ChatCompletionChunk['choices'][number]['finish_reason'] = null): ChatCompletionChunk[] {
    const chunks: ChatCompletionChunk[] = [];
    if (!this.started) {
      this.started = true;
      chunks.push(this.chunk({ role: 'assistant', content: '' }, null));
    }
    chunks.push(this.chunk(delta, finishReason));
    return chunks;
  }

  private chunk(delta: ChatCompletionDelta, finishReason: ChatCompletionChunk['choices'][number]['finish_reason']): ChatCompletionChunk {
    return { ...this.base(), choices: [{ index: 0, delta, finish_reason: finishReason, logprobs: null }] };
  }

  private base(): Pick<ChatCompletionChunk, 'id' | 'object' | 'created' | 'model'> {
    this.id ??= `msg_${randomUUID().replace(/-/g, '')}`;
    return { id: this.id, object: 'chat.completion.chunk', created: this.created, model: this.model };
  }
}
