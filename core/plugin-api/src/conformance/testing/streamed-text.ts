import type { ChatCompletionChunk } from '../../openai/index.ts';

/** The text of choice 0, joined from the content deltas of a stream's chunks. */
export function streamedText(chunks: ChatCompletionChunk[]): string {
  return chunks.map((chunk) => chunk.choices.find((choice) => choice.index === 0)?.delta.content ?? '').join('');
}
