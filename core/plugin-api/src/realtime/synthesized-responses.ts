/**
 * For translators whose provider has no notion of OpenAI's responses: builds the Realtime server
 * events of one assistant turn at a time (`response.created`, the message item, audio, transcript
 * and text deltas, function calls, `response.done`), with consistent ids, from the provider's
 * looser events. A turn opens on its first output and closes with `done`. A turn holds one
 * utterance: speech or text after a function call (the agent going on once the tool answered), or a
 * second transcript after one was done, closes the turn and opens the next, as OpenAI would answer
 * in a new response, so no utterance's transcript replaces another's.
 */
import type { RealtimeServerEvent } from '../realtime-translator-plugin.ts';
import { realtimeEventId } from './realtime-error-event.ts';

export interface ResponseEmitter {
  /** A base64 audio chunk of the assistant's speech, in the client's output format. */
  audio(base64: string): void;
  /** Text of the assistant's speech (`audio` true) or of a text reply, as a delta. */
  transcriptDelta(delta: string, audio: boolean): void;
  /** The full text of the assistant's speech or text reply; ends that content part. */
  transcriptDone(text: string, audio: boolean): void;
  /** A function call the assistant made, in its own output item. */
  functionCall(callId: string, name: string, argumentsJson: string): void;
  /** Ends the open turn, if any: `completed`, or `cancelled` with a reason (`turn_detected`…). */
  done(status?: 'completed' | 'cancelled', reason?: string): void;
  /** The open turn's ids, if a turn is open. */
  readonly current: { responseId: string; itemId: string } | undefined;
  /** The item id of the last assistant message, kept after its turn ended (for truncation). */
  readonly lastItemId: string | undefined;
}

let sequence = 0;
const newId = (prefix: string): string => `${prefix}_conduit${Date.now().toString(36)}${(++sequence).toString(36)}`;

export function createResponseEmitter(send: (event: RealtimeServerEvent) => void): ResponseEmitter {
  let turn:
    | {
        responseId: string;
        itemId: string;
        audioStarted: boolean;
        transcript: string;
        transcriptDone: boolean;
        textual: boolean;
        output: unknown[];
      }
    | undefined;
  let lastItemId: string | undefined;
  const emit = (event: Omit<RealtimeServerEvent, 'event_id'>): void => send({ event_id: realtimeEventId(), ...event } as RealtimeServerEvent);
  const open = () => {
    if (turn) return turn;
    turn = { responseId: newId('resp'), itemId: newId('item'), audioStarted: false, transcript: '', transcriptDone: false, textual: false, output: [] };
    lastItemId = turn.itemId;
    emit({ type: 'response.created', response: { object: 'realtime.response', id: turn.responseId, status: 'in_progress', status_details: null, output: [], usage: null } });
    const item = { id: turn.itemId, object: 'realtime.item', type: 'message', status: 'in_progress', role: 'assistant', content: [] };
    emit({ type: 'response.output_item.added', response_id: turn.responseId, output_index: 0, item });
    emit({ type: 'conversation.item.added', previous_item_id: null, item });
    return turn;
  };
  /** Opens a turn for more speech or text, closing the open one if that utterance is over. */
  const openForSpeech = (transcript: boolean) => {
    if (turn && (turn.output.length > 0 || (transcript && turn.transcriptDone))) finish('completed');
    return open();
  };
  const finish = (status: 'completed' | 'cancelled' = 'completed', reason?: string): void => {
    const t = turn;
    if (!t) return;
    turn = undefined;
    if (t.audioStarted) emit({ type: 'response.output_audio.done', ...part(t) });
    const content = t.textual ? [{ type: 'output_text', text: t.transcript }] : [{ type: 'output_audio', transcript: t.transcript }];
    const message = { id: t.itemId, object: 'realtime.item', type: 'message', status: status === 'completed' ? 'completed' : 'incomplete', role: 'assistant', content };
    emit({ type: 'response.output_item.done', response_id: t.responseId, output_index: 0, item: message });
    emit({ type: 'conversation.item.done', previous_item_id: null, item: message });
    emit({
      type: 'response.done',
      response: {
        object: 'realtime.response',
        id: t.responseId,
        status,
        status_details: status === 'cancelled' ? { type: 'cancelled', reason: reason ?? 'client_cancelled' } : null,
        output: [message, ...t.output],
        usage: null,
      },
    });
  };
  const part = (t: NonNullable<typeof turn>) => ({ response_id: t.responseId, item_id: t.itemId, output_index: 0, content_index: 0 });
  return {
    audio(base64) {
      const t = openForSpeech(false);
      t.audioStarted = true;
      emit({ type: 'response.output_audio.delta', ...part(t), delta: base64 });
    },
    transcriptDelta(delta, audio) {
      if (!delta) return;
      const t = openForSpeech(true);
      t.textual = !audio;
      t.transcript += delta;
      emit({ type: audio ? 'response.output_audio_transcript.delta' : 'response.output_text.delta', ...part(t), delta });
    },
    transcriptDone(text, audio) {
      const t = openForSpeech(true);
      t.textual = !audio;
      t.transcript = text;
      t.transcriptDone = true;
      emit(audio ? { type: 'response.output_audio_transcript.done', ...part(t), transcript: text } : { type: 'response.output_text.done', ...part(t), text });
    },
    functionCall(callId, name, argumentsJson) {
      const t = open();
      const itemId = newId('item');
      const item = { id: itemId, object: 'realtime.item', type: 'function_call', status: 'completed', call_id: callId, name, arguments: argumentsJson };
      const outputIndex = 1 + t.output.length;
      t.output.push(item);
      emit({ type: 'response.output_item.added', response_id: t.responseId, output_index: outputIndex, item: { ...item, status: 'in_progress', arguments: '' } });
      emit({ type: 'response.function_call_arguments.done', response_id: t.responseId, item_id: itemId, output_index: outputIndex, call_id: callId, name, arguments: argumentsJson });
      emit({ type: 'response.output_item.done', response_id: t.responseId, output_index: outputIndex, item });
    },
    done(status = 'completed', reason) {
      finish(status, reason);
    },
    get current() {
      return turn ? { responseId: turn.responseId, itemId: turn.itemId } : undefined;
    },
    get lastItemId() {
      return lastItemId;
    },
  };
}
