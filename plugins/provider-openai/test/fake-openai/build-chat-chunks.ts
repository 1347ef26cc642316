/**
 * The `chat.completion.chunk` events of a scripted stream, as OpenAI sends them: a first chunk with
 * the role and empty content, content pieces, each tool call opened with index/id/type/name and
 * empty arguments followed by argument pieces, a chunk with the finish reason, and — only when the
 * request asked with `stream_options.include_usage` — a last chunk with `choices: []` and the usage
 * (every other chunk then carries `usage: null`).
 */
import type { ChatCompletionChunk, ChatCompletionChunkChoice } from '@conduit/plugin-api';
import type { MessageReply } from './build-chat-completion.ts';
import { buildUsage } from './build-usage.ts';
import { openAIIds, randomAlphanumeric } from './openai-ids.ts';
import { splitPieces } from './split-pieces.ts';

export interface ChunkStreamOptions {
  model: string;
  fingerprint: string;
  includeUsage: boolean;
  /** OpenAI adds a random `obfuscation` field unless `stream_options.include_obfuscation` is false. */
  includeObfuscation: boolean;
}

export class ChatChunkWriter {
  private readonly id = openAIIds.chatCompletion();
  private readonly created = Math.floor(Date.now() / 1000);

  constructor(private readonly options: ChunkStreamOptions) {}

  chunk(choices: ChatCompletionChunkChoice[], usage?: MessageReply['usage']): ChatCompletionChunk {
    const chunk: ChatCompletionChunk = {
      id: this.id,
      object: 'chat.completion.chunk',
      created: this.created,
      model: this.options.model,
      service_tier: 'default',
      system_fingerprint: this.options.fingerprint,
      choices,
    };
    if (this.options.includeUsage) chunk.usage = usage ? buildUsage(usage) : null;
    if (this.options.includeObfuscation) chunk.obfuscation = randomAlphanumeric(1 + Math.floor(Math.random() * 12));
    return chunk;
  }

  delta(delta: ChatCompletionChunkChoice['delta'], finish: ChatCompletionChunkChoice['finish_reason'] = null): ChatCompletionChunk {
    return this.chunk([{ index: 0, delta, logprobs: null, finish_reason: finish }]);
  }

  /** The first chunk and the content pieces of `text`. */
  opening(text: string, pieces: number): ChatCompletionChunk[] {
    const chunks = [this.delta({ role: 'assistant', content: '', refusal: null })];
    for (const piece of splitPieces(text, pieces)) chunks.push(this.delta({ content: piece }));
    return chunks;
  }

  /** Every chunk of a scripted message, in order. */
  message(reply: MessageReply): ChatCompletionChunk[] {
    const pieces = reply.pieces ?? 3;
    const chunks = this.opening(reply.text ?? '', pieces);
    (reply.toolCalls ?? []).forEach((call, index) => {
      chunks.push(
        this.delta({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }] }),
      );
      for (const piece of splitPieces(call.arguments, pieces)) {
        chunks.push(this.delta({ tool_calls: [{ index, function: { arguments: piece } }] }));
      }
    });
    chunks.push(this.delta({}, reply.finish));
    if (this.options.includeUsage && !reply.omitStreamUsage) chunks.push(this.chunk([], reply.usage));
    return chunks;
  }
}
