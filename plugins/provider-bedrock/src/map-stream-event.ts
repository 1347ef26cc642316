/**
 * ConverseStream events as OpenAI chunks. Reasoning text becomes `reasoning_content`; when a
 * reasoning block stops, it is emitted whole with its signature (or as redacted data) as the
 * `thinking_blocks` extension, for the client to send back. The role chunk is held back until the first output, so
 * that an exception right after `messageStart` still counts as an error before any output.
 * Tool calls are numbered in the order their blocks start; their argument pieces are relayed as
 * Bedrock sends them, and a tool block that ends without any (a tool without parameters) gets `{}`.
 */
import { ProviderError, type ChatCompletionChunk, type ChatCompletionDelta, type FinishReason, type ThinkingBlock } from '@conduit/plugin-api';
import type { ConverseStreamEvent } from './converse-types.ts';
import { mapStopReason } from './map-stop-reason.ts';
import { mapUsage } from './map-usage.ts';
import type { ResponseIdentity } from './map-converse-response.ts';

export class BedrockStreamMapper {
  private started = false;
  private stopped = false;
  private readonly toolByBlock = new Map<number, { index: number; hasArguments: boolean }>();
  private readonly reasoningByBlock = new Map<number, { text: string; signature: string; redacted: string }>();

  constructor(private readonly identity: ResponseIdentity) {}

  map(event: ConverseStreamEvent): ChatCompletionChunk[] {
    switch (event.type) {
      case 'messageStart':
        return [];
      case 'contentBlockStop': {
        const reasoning = this.reasoningByBlock.get(event.payload.contentBlockIndex);
        if (reasoning) {
          this.reasoningByBlock.delete(event.payload.contentBlockIndex);
          if (reasoning.redacted) return this.output({ thinking_blocks: [{ type: 'redacted_thinking', data: reasoning.redacted }] });
          const block: ThinkingBlock = { type: 'thinking', thinking: reasoning.text };
          if (reasoning.signature) block.signature = reasoning.signature;
          return this.output({ thinking_blocks: [block] });
        }
        const tool = this.toolByBlock.get(event.payload.contentBlockIndex);
        if (!tool || tool.hasArguments) return [];
        tool.hasArguments = true;
        return this.output({ tool_calls: [{ index: tool.index, function: { arguments: '{}' } }] });
      }
      case 'contentBlockStart': {
        const toolUse = event.payload.start?.toolUse;
        // A server tool (Bedrock runs it and streams its result block) is not the client's to call.
        if (!toolUse || toolUse.type === 'server_tool_use') return [];
        const index = this.toolByBlock.size;
        this.toolByBlock.set(event.payload.contentBlockIndex, { index, hasArguments: false });
        return this.output({
          tool_calls: [{ index, id: toolUse.toolUseId, type: 'function', function: { name: toolUse.name, arguments: '' } }],
        });
      }
      case 'contentBlockDelta': {
        const { delta, contentBlockIndex } = event.payload;
        if (typeof delta.text === 'string') return delta.text === '' ? [] : this.output({ content: delta.text });
        if (delta.toolUse) {
          const tool = this.toolByBlock.get(contentBlockIndex);
          const input = delta.toolUse.input;
          if (!tool || typeof input !== 'string' || input === '') return [];
          tool.hasArguments = true;
          return this.output({ tool_calls: [{ index: tool.index, function: { arguments: input } }] });
        }
        // Reasoning text goes out as the `reasoning_content` extension (as provider-anthropic does);
        // its signature and redacted reasoning wait for the block's end; citations, images and tool
        // results have no place in a chunk.
        if (delta.reasoningContent) {
          const block = this.reasoningByBlock.get(contentBlockIndex) ?? { text: '', signature: '', redacted: '' };
          this.reasoningByBlock.set(contentBlockIndex, block);
          const { text, signature, redactedContent } = delta.reasoningContent;
          if (typeof signature === 'string') block.signature += signature;
          if (typeof redactedContent === 'string') block.redacted += redactedContent;
          if (typeof text === 'string' && text !== '') {
            block.text += text;
            return this.output({ reasoning_content: text });
          }
        }
        return [];
      }
      case 'messageStop':
        this.stopped = true;
        return this.output({}, mapStopReason(event.payload.stopReason));
      case 'metadata':
        if (!event.payload.usage) return [];
        return [{ ...this.base(), choices: [], usage: mapUsage(event.payload.usage) }];
    }
  }

  /** Call when the body ended: a stream cut before `messageStop` is a failure, not a short answer. */
  end(): void {
    if (!this.stopped) {
      throw new ProviderError({ code: 'connection', message: 'The Bedrock stream ended before messageStop' });
    }
  }

  private output(delta: ChatCompletionDelta, finish: FinishReason | null = null): ChatCompletionChunk[] {
    const chunks: ChatCompletionChunk[] = [];
    if (!this.started) {
      this.started = true;
      chunks.push(this.chunk({ role: 'assistant', content: '' }, null));
    }
    chunks.push(this.chunk(delta, finish));
    return chunks;
  }

  private chunk(delta: ChatCompletionDelta, finish: FinishReason | null): ChatCompletionChunk {
    return { ...this.base(), choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }] };
  }

  private base(): { id: string; object: 'chat.completion.chunk'; created: number; model: string } {
    return { id: this.identity.id, object: 'chat.completion.chunk', created: this.identity.created, model: this.identity.model };
  }
}
