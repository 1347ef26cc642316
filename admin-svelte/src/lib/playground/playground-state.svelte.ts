/**
 * A chat in the playground: the conversation, and one call at a time to /v1/chat/completions with
 * a virtual key (streamed or not), measuring time to first token, total latency and usage.
 */
import { parseSseChunk, type ChatUsage } from './chat-stream.ts';

export interface ChatTurn {
  role: 'user' | 'assistant';
  content: string;
  image?: string;
  stats?: { latencyMs: number; firstTokenMs?: number; usage?: ChatUsage; model: string };
}

type MessageContent = string | Array<{ type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string } }>;

export class PlaygroundState {
  turns = $state<ChatTurn[]>([]);
  pending = $state(false);
  error = $state<string>();
  readonly #fetch: typeof fetch;
  readonly #now: () => number;
  #abort: AbortController | undefined;

  constructor(options: { fetch?: typeof fetch; now?: () => number } = {}) {
    this.#fetch = options.fetch ?? ((...args) => globalThis.fetch(...args));
    this.#now = options.now ?? (() => performance.now());
  }

  async send(request: { key: string; model: string; text: string; stream: boolean; image?: string }): Promise<void> {
    if (this.pending) return;
    this.error = undefined;
    this.turns.push({ role: 'user', content: request.text, ...(request.image ? { image: request.image } : {}) });
    const messages = this.turns.map((turn) => ({ role: turn.role, content: toContent(turn) }));
    this.pending = true;
    this.#abort = new AbortController();
    const started = this.#now();
    try {
      const response = await this.#fetch('/v1/chat/completions', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${request.key}` },
        body: JSON.stringify({ model: request.model, messages, stream: request.stream, ...(request.stream ? { stream_options: { include_usage: true } } : {}) }),
        signal: this.#abort.signal,
      });
      if (!response.ok) {
        const body = (await response.json().catch(() => undefined)) as { error?: { message?: string } } | undefined;
        throw new Error(body?.error?.message ?? `HTTP ${response.status}`);
      }
      const answer: ChatTurn = { role: 'assistant', content: '', stats: { latencyMs: 0, model: request.model } };
      this.turns.push(answer);
      const turn = this.turns[this.turns.length - 1]!;
      if (!request.stream) {
        const body = (await response.json()) as { model?: string; choices: Array<{ message: { content: string | null } }>; usage?: ChatUsage };
        turn.content = body.choices[0]?.message.content ?? '';
        turn.stats = { latencyMs: this.#now() - started, model: request.model, ...(body.usage ? { usage: body.usage } : {}) };
        return;
      }
      await this.#readStream(response, turn, started);
    } catch (error) {
      if (this.turns.at(-1)?.role === 'user') this.turns.pop();
      this.error = error instanceof Error ? error.message : String(error);
    } finally {
      this.pending = false;
      this.#abort = undefined;
    }
  }

  async #readStream(response: Response, turn: ChatTurn, started: number): Promise<void> {
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      const parsed = parseSseChunk(buffer + value);
      buffer = parsed.rest;
      for (const event of parsed.events) {
        if (event.type === 'text') {
          turn.stats!.firstTokenMs ??= this.#now() - started;
          turn.content += event.text;
        } else if (event.type === 'usage') turn.stats!.usage = event.usage;
        else throw new Error(event.message);
      }
    }
    turn.stats!.latencyMs = this.#now() - started;
  }

  stop(): void {
    this.#abort?.abort();
  }

  clear(): void {
    this.turns = [];
    this.error = undefined;
  }
}

function toContent(turn: ChatTurn): MessageContent {
  if (!turn.image) return turn.content;
  return [
    { type: 'text', text: turn.content },
    { type: 'image_url', image_url: { url: turn.image } },
  ];
}
