/**
 * The text of a Mistral message or delta `content`: a string, or a list of chunks of which the
 * `text` ones count (a reasoning model's `thinking` chunks are not part of OpenAI's content; see
 * content-reasoning.ts).
 */
export function contentText(content: unknown): string | undefined {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return undefined;
  return content
    .map((chunk) => (chunk && typeof chunk === 'object' && chunk.type === 'text' && typeof chunk.text === 'string' ? chunk.text : ''))
    .join('');
}
