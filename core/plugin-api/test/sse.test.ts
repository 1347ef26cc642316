import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ProviderError } from '../src/provider-error.ts';
import { formatSse, maxSseEventSize, parseSse, SseParser, type SseEvent } from '../src/sse.ts';

const encoder = new TextEncoder();

async function* pieces(...parts: Array<string | Uint8Array>): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield typeof part === 'string' ? encoder.encode(part) : part;
}

async function parse(...parts: Array<string | Uint8Array>): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  for await (const event of parseSse(pieces(...parts))) events.push(event);
  return events;
}

test('LF-separated events are parsed one by one', async () => {
  assert.equal(await parse('data: a\n\ndata: b\n\n'), [{ data: 'a' }, { data: 'b' }]);
});

test('CRLF line ends', async () => {
  assert.equal(await parse('data: a\r\n\r\ndata: b\r\n\r\n'), [{ data: 'a' }, { data: 'b' }]);
});

test('CR-only line ends', async () => {
  assert.equal(await parse('data: a\r\rdata: b\r\r'), [{ data: 'a' }, { data: 'b' }]);
});

test('a CRLF split across two pieces is one line end, not two', async () => {
  assert.equal(await parse('data: a\r', '\ndata: b\r\n\r\n'), [{ data: 'a\nb' }]);
});

test('several data lines are joined with a newline', async () => {
  assert.equal(await parse('data: line one\ndata: line two\ndata:\n\n'), [{ data: 'line one\nline two\n' }]);
});

test('comments are ignored, including a comment-only block', async () => {
  assert.equal(await parse(': keep-alive\n\n: note\ndata: x\n\n'), [{ data: 'x' }]);
});

test('event, id and retry fields are read', async () => {
  assert.equal(await parse('event: message_start\nid: 7\nretry: 1500\ndata: {}\n\n'), [
    { event: 'message_start', id: '7', retry: 1500, data: '{}' },
  ]);
});

test('the event type does not leak into the next event, and a block without data dispatches nothing', async () => {
  assert.equal(await parse('event: ping\n\ndata: x\n\n'), [{ data: 'x' }]);
});

test('only one space after the colon is removed; no space is fine', async () => {
  assert.equal(await parse('data:tight\n\ndata:  padded\n\n'), [{ data: 'tight' }, { data: ' padded' }]);
});

test('unknown fields and a non-numeric retry are ignored', async () => {
  assert.equal(await parse('foo: bar\nretry: soon\ndata: x\n\n'), [{ data: 'x' }]);
});

test('a stream split at every byte gives the same events', async () => {
  const bytes = encoder.encode('event: delta\ndata: {"text":"héllo"}\r\n\r\ndata: [DONE]\n\n');
  const single = [...bytes].map((byte) => Uint8Array.of(byte));
  assert.equal(await parse(...single), [{ event: 'delta', data: '{"text":"héllo"}' }, { data: '[DONE]' }]);
});

test('a multi-byte UTF-8 character split between pieces is decoded whole', async () => {
  const bytes = encoder.encode('data: café 😀 ok\n\n');
  const emojiStart = bytes.indexOf(0xf0);
  const accent = bytes.indexOf(0xc3);
  const parts = [bytes.slice(0, accent + 1), bytes.slice(accent + 1, emojiStart + 2), bytes.slice(emojiStart + 2)];
  assert.equal(await parse(...parts), [{ data: 'café 😀 ok' }]);
});

test('a chunk split in the middle of a line', async () => {
  assert.equal(await parse('da', 'ta: hel', 'lo\n', '\nda', 'ta: x\n\n'), [{ data: 'hello' }, { data: 'x' }]);
});

test('the last event is delivered when the stream ends without a blank line', async () => {
  assert.equal(await parse('data: a\n\ndata: last'), [{ data: 'a' }, { data: 'last' }]);
  assert.equal(await parse('data: last\n'), [{ data: 'last' }]);
});

test('a leading byte order mark is stripped', async () => {
  assert.equal(await parse(Uint8Array.of(0xef, 0xbb, 0xbf), 'data: x\n\n'), [{ data: 'x' }]);
});

test('string pieces are accepted too', async () => {
  async function* strings(): AsyncGenerator<string> {
    yield 'data: a\n';
    yield '\n';
  }
  const events: SseEvent[] = [];
  for await (const event of parseSse(strings())) events.push(event);
  assert.equal(events, [{ data: 'a' }]);
});

test('formatSse writes one data line per line and round-trips through parseSse', async () => {
  assert.is(formatSse('{"a":1}'), 'data: {"a":1}\n\n');
  assert.is(formatSse('one\ntwo', 'delta'), 'event: delta\ndata: one\ndata: two\n\n');
  assert.equal(await parse(formatSse('one\ntwo', 'delta') + formatSse('[DONE]')), [
    { event: 'delta', data: 'one\ntwo' },
    { data: '[DONE]' },
  ]);
});

test('SseParser.push returns the events each piece completed, end() the last one', () => {
  const parser = new SseParser();
  assert.equal(parser.push(encoder.encode('data: a\n\ndata: b\n\ndata: ')), [{ data: 'a' }, { data: 'b' }]);
  assert.equal(parser.push('c\r\n\r\nid: 9\n'), [{ data: 'c' }]);
  assert.equal(parser.push('data: d'), []);
  assert.equal(parser.end(), [{ data: 'd', id: '9' }]);
});

test('any split of a mixed stream into pieces gives the events of the whole', async () => {
  const text =
    '\uFEFFevent: a\r\ndata: {"x":"é😀"}\r\n\r\n: comment\rdata: one\rdata: two\r\r' +
    'id: 4\nretry: 30\ndata\ndata:  spaced\n\nevent: lonely\n\ndata: [DONE]\n\ndata: tail';
  const bytes = encoder.encode(text);
  const whole = await parse(bytes);
  assert.equal(whole, [
    { event: 'a', data: '{"x":"é😀"}' },
    { data: 'one\ntwo' },
    { data: '\n spaced', id: '4', retry: 30 },
    { data: '[DONE]', id: '4', retry: 30 },
    { data: 'tail', id: '4', retry: 30 },
  ]);
  let seed = 7;
  const random = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  for (let round = 0; round < 300; round++) {
    const parts: Uint8Array[] = [];
    for (let at = 0; at < bytes.length; ) {
      const size = 1 + Math.floor(random() * 12);
      parts.push(bytes.slice(at, at + size));
      at += size;
    }
    assert.equal(await parse(...parts), whole, `split into ${parts.map((part) => part.length).join(',')}`);
  }
});

function sizeFailure(work: () => unknown): ProviderError {
  try {
    work();
  } catch (error) {
    if (ProviderError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected the parser to refuse the event');
}

test('an event that grows past the limit without ending fails with invalid_response, by data or by one endless line', () => {
  const byData = new SseParser({ maxEventSize: 64 });
  assert.equal(byData.push('data: 0123456789\n'.repeat(3)), []);
  const tooLong = sizeFailure(() => byData.push('data: 0123456789\n'.repeat(3)));
  assert.is(tooLong.code, 'invalid_response');
  assert.match(tooLong.message, /longer than 64 characters without ending/);
  const byLine = new SseParser({ maxEventSize: 64 });
  byLine.push(`data: ${'x'.repeat(50)}`);
  assert.is(sizeFailure(() => byLine.push('x'.repeat(20))).code, 'invalid_response');
});

test('events that end are never limited, however many pass through', () => {
  const parser = new SseParser({ maxEventSize: 64 });
  let count = 0;
  for (let round = 0; round < 100; round++) count += parser.push('data: 0123456789012345678901234567890123456789\n\n').length;
  assert.is(count, 100);
});

test('the default limit is 16 MiB: an endless event is refused after it, piece by piece', () => {
  assert.is(maxSseEventSize, 16 * 1024 * 1024);
  const parser = new SseParser();
  const mebibyte = 'x'.repeat(1024 * 1024);
  parser.push('data: ');
  for (let piece = 0; piece < 15; piece++) parser.push(mebibyte);
  assert.match(sizeFailure(() => parser.push(mebibyte + mebibyte)).message, /longer than 16 MiB/);
});

test('parseSse fails the same way', async () => {
  const events: SseEvent[] = [];
  try {
    for await (const event of parseSse(pieces('data: a\n\n', 'data: ', 'y'.repeat(100)), { maxEventSize: 50 })) events.push(event);
    assert.unreachable('the endless event must fail the stream');
  } catch (error) {
    assert.ok(ProviderError.isInstance(error));
    assert.is((error as ProviderError).code, 'invalid_response');
  }
  assert.equal(events, [{ data: 'a' }]);
});

test.run();
