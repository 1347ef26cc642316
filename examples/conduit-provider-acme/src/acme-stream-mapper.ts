/**
 * Acme's stream events -> OpenAI chat.completion.chunks, one event at a time. Pure: no I/O.
 *
 * Nothing is emitted for `generation.start`: the assistant-role chunk goes out with the first real
 * output, so an `error` event before any output is thrown before anything was yielded and the
 * gateway may still fail over to another deployment.
 */
import { ProviderError, type ChatCompletionChunk, type ChatCompletionChunkChoice, type Usage } from '@conduit/plugin-api';
import type { AcmeStreamEvent } from './acme-api.ts';
import { mapAcmeStreamFailure } from './map-acme-error.ts';
import { mapStopReason } from './map-stop-reason.ts';
import { mapTokenCounts } from './map-token-counts.ts';
import { unixSeconds } from './unix-seconds.ts';

export class AcmeStreamMapper {
  private id = `gen-${crypto.randomUUID()}`;
  private created = unixSeconds(undefined);
  private opened = false;
  private ended = false;

  constructor(private model: string) {}

  push(event: AcmeStreamEvent): ChatCompletionChunk[] {
    switch (event.type) {
      case 'generation.start':
        if (this.opened) return [];
        this.id = event.id;
        this.model = event.model;
        this.created = unixSeconds(event.created_at);
        return [];
      case 'text.delta':
        return event.text === '' ? [] : this.emit({ content: event.text });
      case 'tool_call.start':
        return this.emit({
          tool_calls: [{ index: event.call_index, id: event.call_id, type: 'function', function: { name: event.tool, arguments: '' } }],
        });
      case 'tool_call.delta':
        return this.emit({ tool_calls: [{ index: event.call_index, function: { arguments: event.input_json } }] });
      case 'generation.end': {
        this.ended = true;
        const chunks = this.emit({}, mapStopReason(event.stop_reason));
        // Usage comes once, last, with no choice; the gateway strips it if the client did not ask.
        if (event.token_counts) chunks.push(this.chunk([], mapTokenCounts(event.token_counts)));
        return chunks;
      }
      case 'error':
        throw mapAcmeStreamFailure(event.failure);
      case 'ping':
        return [];
    }
  }

  /** Called when the body ends: a stream cut before `generation.end` is a failure, not an answer. */
  end(): void {
    if (!this.ended) {
      throw new ProviderError({ code: 'connection', message: 'Acme AI closed the stream before the generation ended' });
    }
  }

  private emit(delta: ChatCompletionChunkChoice['delta'], finish: ChatCompletionChunkChoice['finish_reason'] = null): ChatCompletionChunk[] {
    const chunks: ChatCompletionChunk[] = [];
    if (!this.opened) {
      this.opened = true;
      chunks.push(this.chunk([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null, logprobs: null }]));
    }
    chunks.push(this.chunk([{ index: 0, delta, finish_reason: finish, logprobs: null }]));
    return chunks;
  }

  private chunk(choices: ChatCompletionChunkChoice[], usage?: Usage): ChatCompletionChunk {
    const chunk: ChatCompletionChunk = { id: this.id, object: 'chat.completion.chunk', created: this.created, model: this.model, choices };
    if (usage) chunk.usage = usage;
    return chunk;
  }
}
