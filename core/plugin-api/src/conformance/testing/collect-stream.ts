import type { ChatCompletionChunk } from '../../openai/index.ts';

/**
 * Reads a plugin's stream to its end. What was read before a failure stays on `chunks`, so a test
 * can look at the output that preceded a mid-stream error.
 */
export async function collectStream(
  stream: AsyncIterable<ChatCompletionChunk>,
  chunks: ChatCompletionChunk[] = [],
): Promise<ChatCompletionChunk[]> {
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}
