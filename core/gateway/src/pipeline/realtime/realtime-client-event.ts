/**
 * Reads one client frame of a realtime session: a JSON text frame with a `type`, within the size
 * limit. Anything else is answered with an OpenAI-shaped `error` event (naming the client event's
 * `event_id` when it can be found) and the session goes on, as OpenAI's does.
 */
import { realtimeEventId, type RealtimeClientEvent, type RealtimeServerEvent } from '@conduit/plugin-api';

/** `text`: the frame as it came, for a translator that passes it on unchanged. */
export type ClientFrame = { event: RealtimeClientEvent; text: string } | { error: RealtimeServerEvent };

export function readClientFrame(data: Buffer, isBinary: boolean, maxBytes: number): ClientFrame {
  if (isBinary) return { error: invalidEvent('invalid_event', 'Binary frames are not accepted: send each event as a JSON text frame.') };
  if (data.byteLength > maxBytes) {
    return {
      error: invalidEvent(
        'event_too_large',
        `The event is ${data.byteLength} bytes, more than the ${maxBytes} bytes a realtime event may have. Send audio in smaller appends.`,
        sniffEventId(data),
      ),
    };
  }
  const text = data.toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { error: invalidEvent('invalid_json', 'The event is not valid JSON.', sniffEventId(data)) };
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { error: invalidEvent('invalid_event', 'The event must be a JSON object.') };
  }
  const event = parsed as Record<string, unknown>;
  const eventId = typeof event.event_id === 'string' ? event.event_id : undefined;
  if (event.event_id !== undefined && eventId === undefined) {
    return { error: invalidEvent('invalid_event', "The 'event_id' field must be a string.", undefined, 'event_id') };
  }
  if (typeof event.type !== 'string' || event.type.length === 0) {
    return { error: invalidEvent('invalid_event', "The 'type' field is missing.", eventId, 'type') };
  }
  return { event: event as RealtimeClientEvent, text };
}

/** An `error` server event about a client event, in OpenAI's shape. */
export function invalidEvent(code: string, message: string, eventId?: string, param?: string): RealtimeServerEvent {
  return {
    type: 'error',
    event_id: realtimeEventId(),
    error: { type: 'invalid_request_error', code, message, param: param ?? null, event_id: eventId ?? null },
  };
}

/** The `event_id` of a frame that cannot be parsed whole, if it sits near its start. */
function sniffEventId(data: Buffer): string | undefined {
  const head = data.subarray(0, 512).toString('utf8');
  return /"event_id"\s*:\s*"([^"\\]{1,128})"/.exec(head)?.[1];
}
