/**
 * Azure streams carry annotation chunks OpenAI's do not: the first chunk holds only
 * `prompt_filter_results` (`choices: []`, empty id and model), and with the asynchronous content
 * filter, chunks whose choices hold only `content_filter_results` / `content_filter_offsets`.
 * The gateway must see OpenAI's stream: the first chunk carries `delta.role`, and every chunk with
 * no choices is the usage chunk. A stream that ends before each of its choices had a finish reason
 * was cut short (with or without `[DONE]`), and fails.
 */
import { ProviderError, type ChatCompletionChunk, type Completion } from '@conduit/plugin-api';

type StreamChunk = { choices?: ReadonlyArray<object>; usage?: unknown };

/** The chunk without Azure's annotation-only choices, or undefined when nothing is left to relay. */
export function withoutAzureAnnotations<T extends StreamChunk>(chunk: T): T | undefined {
  const choices = chunk.choices ?? [];
  const kept = choices.filter(carriesOutput);
  if (kept.length === 0 && (chunk.usage === undefined || chunk.usage === null)) return undefined;
  return kept.length === choices.length ? chunk : { ...chunk, choices: kept };
}

function carriesOutput(choice: object): boolean {
  const fields = choice as { finish_reason?: unknown; delta?: unknown; text?: unknown };
  if (fields.finish_reason !== undefined && fields.finish_reason !== null) return true;
  if (typeof fields.text === 'string') return fields.text !== '';
  if (fields.delta === null || typeof fields.delta !== 'object') return fields.delta !== undefined;
  return Object.values(fields.delta).some((value) => value !== undefined && value !== null);
}

/** Which choices of a stream were seen and which ended; throws at the end when one did not. */
class FinishCheck {
  readonly started = new Set<number>();
  private readonly finished = new Set<number>();
  private relayed = false;

  see(chunk: { choices: ReadonlyArray<{ index: number; finish_reason?: unknown }> }): void {
    this.relayed = true;
    for (const choice of chunk.choices) {
      if (choice.finish_reason !== undefined && choice.finish_reason !== null) this.finished.add(choice.index);
    }
  }

  end(): void {
    const unfinished = this.finished.size === 0 || [...this.started].some((index) => !this.finished.has(index));
    if (!unfinished) return;
    throw new ProviderError({
      code: 'connection',
      message: 'The Azure OpenAI stream ended before its finish_reason',
      phase: this.relayed ? 'mid-stream' : 'before-output',
    });
  }
}

export async function* mapAzureChatStream(
  chunks: AsyncIterable<ChatCompletionChunk>,
): AsyncGenerator<ChatCompletionChunk> {
  const check = new FinishCheck();
  const started = check.started;
  for await (const raw of chunks) {
    const chunk = withoutAzureAnnotations(raw);
    if (!chunk) continue;
    check.see(chunk);
    if (chunk.choices.some((choice) => !started.has(choice.index))) {
      yield {
        ...chunk,
        choices: chunk.choices.map((choice) => {
          if (started.has(choice.index)) return choice;
          started.add(choice.index);
          const delta = { ...choice.delta, role: 'assistant' as const };
          if (delta.content === undefined && delta.tool_calls === undefined) delta.content = '';
          return { ...choice, delta };
        }),
      };
      continue;
    }
    yield chunk;
  }
  check.end();
}

export async function* mapAzureCompletionStream(chunks: AsyncIterable<Completion>): AsyncGenerator<Completion> {
  const check = new FinishCheck();
  for await (const raw of chunks) {
    const chunk = withoutAzureAnnotations(raw);
    if (!chunk) continue;
    check.see(chunk);
    for (const choice of chunk.choices) check.started.add(choice.index);
    yield chunk;
  }
  check.end();
}
