/**
 * Reads an `application/vnd.amazon.eventstream` body: splits the bytes into messages (each starts
 * with its total length), checks their CRCs and decodes their headers with @smithy/eventstream-codec.
 */
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { ProviderError } from '@conduit/plugin-api';

export type EventStreamMessage =
  | { kind: 'event'; eventType: string; payload: unknown }
  | { kind: 'exception'; exceptionType: string; payload: unknown }
  /** An unmodelled error (`:message-type: error`). */
  | { kind: 'error'; errorCode: string; message: string };

const codec = new EventStreamCodec(toUtf8, fromUtf8);
const minimumLength = 16;
const maximumLength = 16 * 1024 * 1024;

export async function* readEventStream(body: AsyncIterable<Uint8Array>): AsyncGenerator<EventStreamMessage> {
  let buffer: Uint8Array = new Uint8Array(0);
  for await (const piece of body) {
    buffer = concat(buffer, piece);
    while (buffer.byteLength >= 4) {
      const length = new DataView(buffer.buffer, buffer.byteOffset, 4).getUint32(0, false);
      if (length < minimumLength || length > maximumLength) throw invalid(`an event message of ${length} bytes`);
      if (buffer.byteLength < length) break;
      yield decodeMessage(buffer.subarray(0, length));
      buffer = buffer.subarray(length);
    }
  }
  if (buffer.byteLength > 0) throw invalid('a truncated event message');
}

export function decodeMessage(bytes: Uint8Array): EventStreamMessage {
  let message: ReturnType<EventStreamCodec['decode']>;
  try {
    message = codec.decode(bytes);
  } catch (error) {
    throw invalid('an event message that does not decode', error);
  }
  const header = (name: string): string | undefined => {
    const value = message.headers[name]?.value;
    return typeof value === 'string' ? value : undefined;
  };
  const messageType = header(':message-type');
  if (messageType === 'error') {
    return { kind: 'error', errorCode: header(':error-code') ?? 'UnknownError', message: header(':error-message') ?? '' };
  }
  const text = toUtf8(message.body);
  let payload: unknown = {};
  if (text.trim() !== '') {
    try {
      payload = JSON.parse(text);
    } catch (error) {
      throw invalid('an event whose payload is not JSON', error);
    }
  }
  if (messageType === 'exception') return { kind: 'exception', exceptionType: header(':exception-type') ?? 'unknown', payload };
  if (messageType === 'event') return { kind: 'event', eventType: header(':event-type') ?? 'unknown', payload };
  throw invalid(`an event message of type ${String(messageType)}`);
}

function concat(left: Uint8Array, right: Uint8Array): Uint8Array {
  if (left.byteLength === 0) return right;
  const out = new Uint8Array(left.byteLength + right.byteLength);
  out.set(left, 0);
  out.set(right, left.byteLength);
  return out;
}

function invalid(what: string, cause?: unknown): ProviderError {
  return new ProviderError({ code: 'invalid_response', message: `Bedrock sent ${what}`, cause });
}
