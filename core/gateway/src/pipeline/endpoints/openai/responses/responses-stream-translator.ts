/**
 * The gateway's chat completion chunks -> the Responses API's stream events: `response.created` and
 * `response.in_progress`, then one output item after the other (reasoning as a `reasoning` item with
 * one `reasoning_text` part, text as a `message` item with one `output_text` part, each tool call as
 * a `function_call` item whose arguments arrive as `function_call_arguments.delta`), and
 * `response.completed` (or `response.incomplete`) with the whole Response. Every event carries its
 * `sequence_number`.
 *
 * Nothing is yielded before the upstream produced output (or ended): the pipeline starts the response
 * with the first event, so an upstream that fails before that is replaced by the next deployment. A
 * failure after it is told as `response.failed`, then rethrown for the pipeline's `error` event.
 */
import type { ChatCompletionChunk, FinishReason, ThinkingBlock, Usage } from '@conduit/plugin-api';
import { checkStreamChunk } from '../../../http/check-stream-chunk.ts';
import { randomId } from '../../random-id.ts';
import type { FunctionCallOutputItem, MessageOutputItem, OutputItem, ReasoningOutputItem, ResponseObject, ResponseStreamEvent } from './response-object.ts';
import { encryptedContentOf } from './reasoning-blocks.ts';
import { callId, finished, reasoningItemId } from './to-response-object.ts';
import type { AnswerUsage } from '../../../endpoint.ts';
import { StreamedUsage } from '../../translated-chat.ts';

type Unsequenced = ResponseStreamEvent extends infer Event ? (Event extends unknown ? Omit<Event, 'sequence_number'> : never) : never;

export interface StreamTranslation {
  /** The provider streaming, named when its chunks are not chunks. */
  providerName: string;
  /** The Response as it starts (id, echoed settings). */
  response: ResponseObject;
  /** The usage when the provider reported none, from the text delivered. */
  estimate(output: string): Usage;
  /** The finished (or failed) Response before its last event is sent: kept when stored, as it is to be answered. */
  settle(response: ResponseObject): Promise<ResponseObject>;
}

export class ResponsesStreamTranslator {
  private readonly streamed: StreamedUsage;
  private finish: FinishReason | null = null;
  private started = false;
  private sequence = 0;
  private readonly items: OutputItem[] = [];
  private open: OutputItem | undefined;
  /** The signed blocks of each reasoning item, until it is done. */
  private readonly blocks = new Map<ReasoningOutputItem, ThinkingBlock[]>();
  /** Output index of each tool call, by the chunk's tool call index. */
  private readonly toolItems = new Map<number, number>();

  constructor(private readonly translation: StreamTranslation) {
    this.streamed = new StreamedUsage(translation.estimate);
  }

  /** The usage of what was streamed: the provider's, else estimated. */
  usage(): AnswerUsage {
    return this.streamed.usage();
  }

  async *events(chunks: AsyncIterable<ChatCompletionChunk>): AsyncGenerator<ResponseStreamEvent> {
    try {
      for await (const item of chunks) {
        const chunk = checkStreamChunk<ChatCompletionChunk>(item, this.translation.providerName);
        this.streamed.report(chunk.usage);
        for (const choice of chunk.choices) {
          if (choice.index !== 0) continue;
          const delta = choice.delta ?? {};
          const reasoning = delta.reasoning_content;
          if (typeof reasoning === 'string' && reasoning !== '') yield* this.reasoning(reasoning);
          if (delta.thinking_blocks?.length) yield* this.reasoningBlocks(delta.thinking_blocks);
          const text = (delta.content ?? '') + (delta.refusal ?? '');
          if (text !== '') yield* this.text(text);
          for (const call of delta.tool_calls ?? []) yield* this.toolCall(call);
          if (choice.finish_reason) this.finish = choice.finish_reason;
        }
      }
    } catch (error) {
      if (this.started) {
        const failed = await this.translation.settle({
          ...this.snapshot(),
          status: 'failed',
          error: { code: 'server_error', message: 'The upstream provider failed while streaming the response' },
        });
        yield this.event({ type: 'response.failed', response: failed });
      }
      throw error;
    }
    yield* this.start();
    // The item the output limit cut is `incomplete`, as the API marks it.
    yield* this.close(this.finish === 'length' ? 'incomplete' : 'completed');
    const response = await this.translation.settle(finished(this.translation.response, this.items, this.usage().usage, this.finish));
    yield this.event({ type: response.status === 'incomplete' ? 'response.incomplete' : 'response.completed', response });
  }

  private *reasoning(text: string): Generator<ResponseStreamEvent> {
    const item = yield* this.openReasoning();
    item.content[0]!.text += text;
    this.streamed.delivered(text);
    yield this.event({ type: 'response.reasoning_text.delta', item_id: item.id, output_index: this.items.length - 1, content_index: 0, delta: text });
  }

  /** Signed blocks of the reasoning streamed so far: kept for the item's `encrypted_content` when it is done. */
  private *reasoningBlocks(blocks: readonly ThinkingBlock[]): Generator<ResponseStreamEvent> {
    const item = yield* this.openReasoning();
    const kept = this.blocks.get(item) ?? [];
    kept.push(...blocks);
    this.blocks.set(item, kept);
  }

  private *openReasoning(): Generator<ResponseStreamEvent, ReasoningOutputItem> {
    yield* this.start();
    if (this.open?.type !== 'reasoning') {
      yield* this.close();
      const item: ReasoningOutputItem = { type: 'reasoning', id: reasoningItemId(), status: 'in_progress', summary: [], content: [] };
      const outputIndex = this.add(item);
      yield this.event({ type: 'response.output_item.added', output_index: outputIndex, item: { ...item, content: [] } });
      item.content.push({ type: 'reasoning_text', text: '' });
      yield this.event({ type: 'response.content_part.added', item_id: item.id, output_index: outputIndex, content_index: 0, part: { type: 'reasoning_text', text: '' } });
    }
    return this.open as ReasoningOutputItem;
  }

  private *text(text: string): Generator<ResponseStreamEvent> {
    yield* this.start();
    if (this.open?.type !== 'message') {
      yield* this.close();
      const item: MessageOutputItem = { type: 'message', id: randomId('msg_', 48), status: 'in_progress', role: 'assistant', content: [] };
      const outputIndex = this.add(item);
      yield this.event({ type: 'response.output_item.added', output_index: outputIndex, item: { ...item, content: [] } });
      item.content.push({ type: 'output_text', text: '', annotations: [], logprobs: [] });
      yield this.event({ type: 'response.content_part.added', item_id: item.id, output_index: outputIndex, content_index: 0, part: { type: 'output_text', text: '', annotations: [], logprobs: [] } });
    }
    const message = this.open as MessageOutputItem;
    message.content[0]!.text += text;
    this.streamed.delivered(text);
    yield this.event({ type: 'response.output_text.delta', item_id: message.id, output_index: this.items.length - 1, content_index: 0, delta: text, logprobs: [] });
  }

  private *toolCall(call: NonNullable<ChatCompletionChunk['choices'][number]['delta']['tool_calls']>[number]): Generator<ResponseStreamEvent> {
    let outputIndex = this.toolItems.get(call.index);
    if (outputIndex === undefined) {
      yield* this.start();
      yield* this.close();
      const name = call.function?.name ?? '';
      this.streamed.delivered(name);
      const item: FunctionCallOutputItem = { type: 'function_call', id: randomId('fc_', 48), status: 'in_progress', call_id: callId(call.id), name, arguments: '' };
      outputIndex = this.add(item);
      this.toolItems.set(call.index, outputIndex);
      yield this.event({ type: 'response.output_item.added', output_index: outputIndex, item: { ...item } });
    }
    const piece = call.function?.arguments;
    if (piece) {
      const item = this.items[outputIndex] as FunctionCallOutputItem;
      item.arguments += piece;
      this.streamed.delivered(piece);
      // Arguments of a call already closed (the upstream interleaved calls) are kept for the final Response.
      if (this.open === item) yield this.event({ type: 'response.function_call_arguments.delta', item_id: item.id, output_index: outputIndex, delta: piece });
    }
  }

  private *start(): Generator<ResponseStreamEvent> {
    if (this.started) return;
    this.started = true;
    yield this.event({ type: 'response.created', response: this.snapshot() });
    yield this.event({ type: 'response.in_progress', response: this.snapshot() });
  }

  private add(item: OutputItem): number {
    this.items.push(item);
    this.open = item;
    return this.items.length - 1;
  }

  private *close(status: 'completed' | 'incomplete' = 'completed'): Generator<ResponseStreamEvent> {
    const item = this.open;
    if (!item) return;
    this.open = undefined;
    const outputIndex = this.items.indexOf(item);
    item.status = status;
    if (item.type === 'message') {
      const part = item.content[0]!;
      yield this.event({ type: 'response.output_text.done', item_id: item.id, output_index: outputIndex, content_index: 0, text: part.text, logprobs: [] });
      yield this.event({ type: 'response.content_part.done', item_id: item.id, output_index: outputIndex, content_index: 0, part: { ...part } });
    } else if (item.type === 'reasoning') {
      const encrypted = encryptedContentOf(this.blocks.get(item) ?? []);
      if (encrypted) item.encrypted_content = encrypted;
      const part = item.content[0]!;
      yield this.event({ type: 'response.reasoning_text.done', item_id: item.id, output_index: outputIndex, content_index: 0, text: part.text });
      yield this.event({ type: 'response.content_part.done', item_id: item.id, output_index: outputIndex, content_index: 0, part: { ...part } });
    } else {
      yield this.event({ type: 'response.function_call_arguments.done', item_id: item.id, output_index: outputIndex, name: item.name, arguments: item.arguments });
    }
    yield this.event({ type: 'response.output_item.done', output_index: outputIndex, item: structuredClone(item) });
  }

  /** The Response as streamed so far. */
  private snapshot(): ResponseObject {
    return { ...this.translation.response, output: structuredClone(this.items) };
  }

  private event(event: Unsequenced): ResponseStreamEvent {
    return { ...event, sequence_number: this.sequence++ } as ResponseStreamEvent;
  }
}
