/**
 * Raw mode of OpenAIEventStream with the body's pieces cut exactly where a test wants them: error
 * events are found whether they come whole in a read, split across reads, or after clean reads.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { HttpResponse } from '../src/http-client.ts';
import { OpenAIEventStream } from '../src/openai-event-stream.ts';
import { ProviderError } from '../src/provider-error.ts';
import { isSseRun, rawJsonEventsOf } from '../src/raw-json-events.ts';

function streamOf(pieces: Array<string | Uint8Array>): OpenAIEventStream<unknown> {
  const bytes = pieces.map((piece) => (typeof piece === 'string' ? Buffer.from(piece) : piece));
  const response: HttpResponse = {
    status: 200,
    headers: {},
    body: (async function* () {
      yield* bytes;
    })(),
    text: async () => Buffer.concat(bytes).toString(),
    json: async () => JSON.parse(Buffer.concat(bytes).toString()),
    bytes: async () => Buffer.concat(bytes),
    discard: async () => {},
  };
  return new OpenAIEventStream({
    open: async () => response,
    streamError: (data) => new ProviderError({ code: 'server', message: `stream error: ${data}` }),
    providerLabel: 'Test',
  });
}

/**
 * Raw mode over the pieces; with `runs`, runs are asked for after the first step and opened up into
 * their events' texts (each checked to be whole plain events).
 */
async function drain(pieces: Array<string | Uint8Array>, runs = false): Promise<{ texts: string[]; runs: number; error?: ProviderError }> {
  const iterator = rawJsonEventsOf(streamOf(pieces))!;
  const texts: string[] = [];
  let runCount = 0;
  try {
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      for (const item of next.value) {
        if (!isSseRun(item)) {
          texts.push(item);
          continue;
        }
        runCount++;
        assert.match(item, /^(data: \{[^\n]*\}\n\n)+$/);
        texts.push(...item.split('\n\n').filter(Boolean).map((line) => line.slice(6)));
      }
      if (runs) iterator.runs?.();
    }
  } catch (error) {
    return { texts, runs: runCount, error: error as ProviderError };
  }
  return { texts, runs: runCount };
}

const chunk = (content: string): string => JSON.stringify({ id: 'c1', choices: [{ index: 0, delta: { content } }] });
const errorEvent = '{"error":{"message":"overloaded","type":"server_error"}}';

test('an error event in a read of its own, or among chunks, fails the stream after the chunks before it', async () => {
  const whole = await drain([`data: ${chunk('a')}\n\n`, `data: ${chunk('b')}\n\ndata: ${errorEvent}\n\n`]);
  assert.equal(whole.texts, [chunk('a'), chunk('b')]);
  assert.match(whole.error?.message ?? '', /overloaded/);
});

test('an error event cut across two reads, even inside the word "error", is still found', async () => {
  const event = `data: ${errorEvent}\n\n`;
  for (const cut of [event.indexOf('"err') + 3, 7, event.length - 3]) {
    const result = await drain([`data: ${chunk('a')}\n\n${event.slice(0, cut)}`, event.slice(cut)]);
    assert.equal(result.texts, [chunk('a')], `cut at ${cut}`);
    assert.match(result.error?.message ?? '', /overloaded/, `cut at ${cut}`);
  }
});

test('clean reads pass untouched, and a chunk merely mentioning "error" is not an error', async () => {
  const result = await drain([`data: ${chunk('a')}\n\ndata: ${chunk('"error"')}\n\n`, `data: ${chunk('c')}\n\ndata: [DONE]\n\n`]);
  assert.equal(result.texts, [chunk('a'), chunk('"error"'), chunk('c')]);
  assert.is(result.error, undefined);
});

test('with runs asked for, later reads come as runs, cut anywhere, and end at [DONE]', async () => {
  const datas = ['a', 'b', 'c', 'd', 'e', 'f'].map(chunk);
  const text = datas.slice(1).map((data) => `data: ${data}\n\n`).join('') + 'data: [DONE]\n\ndata: {"after":"done"}\n\n';
  for (let cut = 1; cut < text.length; cut += 11) {
    const result = await drain([`data: ${datas[0]}\n\ndata: {"x`, `":1}\n\n${text.slice(0, cut)}`, text.slice(cut)], true);
    assert.equal(result.texts, [datas[0], '{"x":1}', ...datas.slice(1)], `cut at ${cut}`);
    assert.ok(result.runs >= 1, `cut at ${cut}: runs were handed out`);
    assert.is(result.error, undefined);
  }
});

test('with runs, an error event after a run fails the stream once the run is handed out', async () => {
  const result = await drain([`data: ${chunk('a')}\n\n`, `data: ${chunk('b')}\n\ndata: ${chunk('c')}\n\ndata: ${errorEvent}\n\ndata: ${chunk('d')}\n\n`], true);
  assert.equal(result.texts, [chunk('a'), chunk('b'), chunk('c')]);
  assert.is(result.runs, 1);
  assert.match(result.error?.message ?? '', /overloaded/);
});

test('with runs asked for, a CRLF-framed stream is parsed event by event, whatever the cuts', async () => {
  const datas = ['a', 'b', 'c'].map(chunk);
  const text = datas.map((data) => `data: ${data}\r\n\r\n`).join('') + 'data: [DONE]\r\n\r\n';
  for (let cut = 1; cut < text.length; cut += 13) {
    const result = await drain([text.slice(0, cut), text.slice(cut)], true);
    assert.equal(result.texts, datas, `cut at ${cut}`);
    assert.is(result.runs, 0, `cut at ${cut}`);
  }
});

test('runs or not, the same events come out of any mix of events cut anywhere (seeded random streams)', async () => {
  let seed = 7;
  const random = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const kinds = [
    () => `data: ${chunk(`w${Math.floor(random() * 100)}`)}\n\n`,
    () => `data: ${chunk('caf\u00e9 "error" \u2603')}\n\n`,
    () => ': keep-alive\n\n',
    () => `event: ping\ndata: ${chunk('p')}\n\n`,
    () => `data: {"id":"m",\ndata: "choices":[]}\n\n`,
    () => `data:${chunk('no space')}\n\n`,
    () => `data: ${chunk('x')}\n\n`,
  ];
  let runsSeen = 0;
  for (let round = 0; round < 60; round++) {
    let text = '';
    const count = 1 + Math.floor(random() * 30);
    for (let index = 0; index < count; index++) text += kinds[Math.floor(random() * kinds.length)]!();
    if (random() < 0.2) text = text.replaceAll('\n', '\r\n');
    text += random() < 0.5 ? 'data: [DONE]\n\n' : '';
    if (random() < 0.2) text += `data: ${errorEvent}\n\n`;
    // Cut at byte offsets, so that a cut may fall inside a character.
    const bytes = Buffer.from(text);
    const pieces: Buffer[] = [];
    for (let at = 0; at < bytes.length; ) {
      const next = Math.min(bytes.length, at + 1 + Math.floor(random() * 120));
      pieces.push(bytes.subarray(at, next));
      at = next;
    }
    const plain = await drain(pieces);
    const withRuns = await drain(pieces, true);
    assert.equal(withRuns.texts, plain.texts, `round ${round}`);
    assert.is(withRuns.error?.message, plain.error?.message, `round ${round}`);
    runsSeen += withRuns.runs;
  }
  assert.ok(runsSeen > 20, `runs were handed out (${runsSeen})`);
});

test('a body cut off before any choice finished and without [DONE] fails as a connection error, mid-stream; a finish without [DONE] ends normally', async () => {
  const finish = (reason: string, spacing = '') => `{"id":"c1","choices":[{"index":0,"delta":{},"finish_reason"${spacing}:${spacing}${reason}}]}`;
  const unfinished = Array.from({ length: 6 }, (_, index) => `data: ${chunk(`piece ${index}`)}\n\n`).join('') + `data: ${finish('null')}\n\n`;
  for (const runs of [false, true]) {
    const cut = await drain([unfinished.slice(0, 200), unfinished.slice(200)], runs);
    assert.is(cut.error?.code, 'connection', `runs: ${runs}`);
    assert.is(cut.error?.phase, 'mid-stream');
    assert.match(cut.error?.message ?? '', /closed the stream before the answer finished/);
    assert.is(cut.texts.length, 7, 'every event read is handed out first');
    for (const ending of [finish('"stop"'), finish('"length"', ' ')]) {
      const whole = await drain([unfinished, `data: ${ending}\n\n`], runs);
      assert.is(whole.error, undefined, `${ending}, runs: ${runs}`);
      assert.is(whole.texts.length, 8);
    }
    assert.is((await drain([unfinished, 'data: [DONE]\n\n'], runs)).error, undefined, 'a [DONE] ends it whatever came before');
  }
  // Parsed (not raw) alike.
  const parsed = streamOf([unfinished]);
  let read = 0;
  const failure = await (async () => {
    try {
      for await (const _event of parsed) read++;
    } catch (error) {
      return error as ProviderError;
    }
    return undefined;
  })();
  assert.equal([failure?.code, failure?.phase, read], ['connection', 'mid-stream', 7]);
});

test('runs are only for raw mode', () => {
  const stream = streamOf([]);
  assert.throws(() => stream.runs(), /raw mode/);
});

test.run();
