/** Encodes ConverseStream events and exceptions as `application/vnd.amazon.eventstream` messages. */
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';

const codec = new EventStreamCodec(toUtf8, fromUtf8);
const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
let paddingSeed = 0;

/**
 * Bedrock pads each event payload with a `p` field of varying length, so that payload sizes do not
 * reveal token lengths; clients must ignore it.
 */
function padding(): string {
  paddingSeed = (paddingSeed + 7) % 23;
  return alphabet.slice(0, 4 + paddingSeed);
}

const text = (value: string) => ({ type: 'string' as const, value });

export function encodeEvent(eventType: string, payload: Record<string, unknown>): Uint8Array {
  return codec.encode({
    headers: { ':event-type': text(eventType), ':content-type': text('application/json'), ':message-type': text('event') },
    body: fromUtf8(JSON.stringify({ ...payload, p: padding() })),
  });
}

export function encodeException(exceptionType: string, payload: Record<string, unknown>): Uint8Array {
  return codec.encode({
    headers: { ':exception-type': text(exceptionType), ':content-type': text('application/json'), ':message-type': text('exception') },
    body: fromUtf8(JSON.stringify(payload)),
  });
}
