/** The client's request: a short system and user prompt, compact JSON, the same for every candidate. */
import type { BenchModel } from '../bench-models.ts';

export function chatRequestBody(model: BenchModel, stream: boolean): string {
  return JSON.stringify({
    model,
    messages: [
      { role: 'system', content: 'You are a concise assistant for a benchmark.' },
      { role: 'user', content: 'Explain in two sentences what an API gateway does for LLM calls.' },
    ],
    max_tokens: 256,
    temperature: 0.2,
    ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}),
  });
}
