import type { ChatCompletionChunk } from '../openai/index.ts';

/** Reads a stream to its end; what was read before a failure is kept on `chunks`. */
export async function collectStream(
  stream: AsyncIterable<ChatCompletionChunk>,
  chunks: ChatCompletionChunk[] = [],
): Promise<ChatCompletionChunk[]> {
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

/** The streamed text of choice 0. */
export function streamedText(chunks: ChatCompletionChunk[]): string {
  return chunks.map((chunk) => chunk.choices.find((choice) => choice.index === 0)?.delta.content ?? '').join('');
}
