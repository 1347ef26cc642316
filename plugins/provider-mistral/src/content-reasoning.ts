/**
 * The reasoning in a Mistral message or delta `content` list: the text inside its `thinking` chunks
 * (a reasoning model's), returned as the `reasoning_content` extension as provider-anthropic does.
 * Undefined when there is none.
 */
export function contentReasoning(content: unknown): string | undefined {
  if (!Array.isArray(content)) return undefined;
  let out = '';
  for (const chunk of content) {
    if (!chunk || typeof chunk !== 'object' || chunk.type !== 'thinking' || !Array.isArray(chunk.thinking)) continue;
    for (const part of chunk.thinking as unknown[]) {
      if (part && typeof part === 'object' && (part as { type?: unknown }).type === 'text') {
        const text = (part as { text?: unknown }).text;
        if (typeof text === 'string') out += text;
      }
    }
  }
  return out === '' ? undefined : out;
}
