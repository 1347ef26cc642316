/** Reads an OpenAI chat-completions SSE stream: text deltas as they come, usage from the last chunk. */
export interface ChatUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens?: number;
}

export type ChatStreamEvent = { type: 'text'; text: string } | { type: 'usage'; usage: ChatUsage } | { type: 'error'; message: string };

/** Splits SSE text into events; returns them and the incomplete rest to prepend to the next piece. */
export function parseSseChunk(buffer: string): { events: ChatStreamEvent[]; rest: string; done: boolean } {
  const events: ChatStreamEvent[] = [];
  const blocks = buffer.replace(/\r\n/g, '\n').split('\n\n');
  const rest = blocks.pop() ?? '';
  let done = false;
  for (const block of blocks) {
    const data = block
      .split('\n')
      .filter((line) => line.startsWith('data:'))
      .map((line) => line.slice(5).trimStart())
      .join('\n');
    if (!data) continue;
    if (data === '[DONE]') {
      done = true;
      continue;
    }
    let chunk: { choices?: Array<{ delta?: { content?: string | null } }>; usage?: ChatUsage | null; error?: { message?: string } };
    try {
      chunk = JSON.parse(data);
    } catch {
      events.push({ type: 'error', message: `unreadable stream event: ${data.slice(0, 80)}` });
      continue;
    }
    if (chunk.error) events.push({ type: 'error', message: chunk.error.message ?? 'stream error' });
    const text = chunk.choices?.[0]?.delta?.content;
    if (text) events.push({ type: 'text', text });
    if (chunk.usage) events.push({ type: 'usage', usage: chunk.usage });
  }
  return { events, rest, done };
}

export interface PriceLike {
  model: string;
  inputPerMillion: number;
  outputPerMillion: number;
}

/** The price entry for a model: an exact name first, else the longest `prefix*` that matches. */
export function priceFor<T extends PriceLike>(model: string, prices: readonly T[]): T | undefined {
  const exact = prices.find((price) => price.model === model);
  if (exact) return exact;
  return prices
    .filter((price) => price.model.endsWith('*') && model.startsWith(price.model.slice(0, -1)))
    .sort((a, b) => b.model.length - a.model.length)[0];
}

export function chatCost(usage: ChatUsage, price: PriceLike | undefined): number | undefined {
  if (!price) return undefined;
  return (usage.prompt_tokens * price.inputPerMillion + usage.completion_tokens * price.outputPerMillion) / 1_000_000;
}
