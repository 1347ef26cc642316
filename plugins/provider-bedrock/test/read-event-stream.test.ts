import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ProviderError } from '@conduit/plugin-api';
import { readEventStream, type EventStreamMessage } from '../src/read-event-stream.ts';
import { encodeEvent, encodeException } from './fake/encode-event-stream.ts';

async function* pieces(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.byteLength; at += size) yield bytes.slice(at, at + size);
}

async function read(bytes: Uint8Array, size: number): Promise<EventStreamMessage[]> {
  const out: EventStreamMessage[] = [];
  for await (const message of readEventStream(pieces(bytes, size))) out.push(message);
  return out;
}

const join = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.byteLength, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
};

const stream = join(
  encodeEvent('messageStart', { role: 'assistant' }),
  encodeEvent('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'héllo ✓' } }),
  encodeException('throttlingException', { message: 'Too many tokens, please wait.' }),
);

test('messages are read whatever the network splits, even one byte at a time', async () => {
  for (const size of [1, 3, 17, 64, stream.byteLength]) {
    const messages = await read(stream, size);
    assert.is(messages.length, 3, `piece size ${size}`);
    assert.equal(messages[0], { kind: 'event', eventType: 'messageStart', payload: { role: 'assistant', p: (messages[0] as { payload: { p: string } }).payload.p } });
    assert.equal((messages[1] as { payload: { delta: unknown } }).payload.delta, { text: 'héllo ✓' });
    assert.equal(messages[2], { kind: 'exception', exceptionType: 'throttlingException', payload: { message: 'Too many tokens, please wait.' } });
  }
});

test('a truncated stream is an invalid response', async () => {
  try {
    await read(stream.slice(0, stream.byteLength - 5), 50);
    assert.unreachable('should have thrown');
  } catch (error) {
    assert.ok(ProviderError.isInstance(error));
    assert.is((error as ProviderError).code, 'invalid_response');
  }
});

test('a corrupted message fails its CRC check', async () => {
  const corrupt = stream.slice();
  corrupt[30] = corrupt[30]! ^ 0xff;
  try {
    await read(corrupt, 1000);
    assert.unreachable('should have thrown');
  } catch (error) {
    assert.is((error as ProviderError).code, 'invalid_response');
  }
});

test.run();
