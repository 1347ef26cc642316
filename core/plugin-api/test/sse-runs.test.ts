/**
 * SseRunSplitter: runs of plain events are cut from the text wherever the network splits it, an event
 * that may be an error or is not a plain `data: {…}` line goes to the parser, and nothing is lost or
 * reordered.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ProviderError } from '../src/provider-error.ts';
import { SseParser } from '../src/sse.ts';
import { SseRunSplitter } from '../src/sse-runs.ts';

const event = (data: string): string => `data: ${data}\n\n`;
const chunk = (content: string): string => JSON.stringify({ id: 'c1', choices: [{ index: 0, delta: { content } }], usage: null });

/** Every event's data, in order, as runs and parsed rest together hand them out; and the runs alone. */
function split(pieces: string[]): { datas: string[]; runs: string[]; parsed: string[] } {
  const splitter = new SseRunSplitter();
  const parser = new SseParser();
  const datas: string[] = [];
  const runs: string[] = [];
  const parsed: string[] = [];
  const parse = (text: string): void => {
    for (const { data } of parser.push(text)) {
      datas.push(data);
      parsed.push(data);
    }
  };
  for (const piece of pieces) {
    const { run, rest } = splitter.push(piece);
    if (run !== '') {
      runs.push(run);
      assert.match(run, /^(data: \{[^\n]*\}\n\n)+$/, 'a run is whole plain events');
      for (const line of run.split('\n\n').filter(Boolean)) datas.push(line.slice(6));
    }
    if (rest !== '') parse(rest);
  }
  parse(splitter.flush());
  for (const { data } of parser.end()) datas.push(data);
  return { datas, runs, parsed };
}

test('plain events come out as one run, whatever the cuts between reads', () => {
  const datas = ['a', 'b', 'caf\u00e9', 'd', 'e'].map(chunk);
  const text = datas.map(event).join('');
  const whole = split([text]);
  assert.equal(whole.runs, [text]);
  assert.equal(whole.datas, datas);
  for (let cut = 1; cut < text.length; cut += 7) {
    for (const second of [cut + 1, cut + 40, text.length - 1]) {
      const pieces = [text.slice(0, cut), text.slice(cut, second), text.slice(second)].filter((piece) => piece !== '');
      const result = split(pieces);
      assert.equal(result.datas, datas, `cut at ${cut}, ${second}`);
      assert.equal(result.parsed, [], `cut at ${cut}, ${second}: nothing needed parsing`);
      assert.is(result.runs.join(''), text);
    }
  }
});

test('an event holding "error" as a key or a value ends the run; the parser gets it and what follows', () => {
  const errorEvent = '{"error":{"message":"overloaded"}}';
  const finishedInError = '{"choices":[{"index":0,"finish_reason":"error"}]}';
  for (const special of [errorEvent, finishedInError]) {
    const datas = [chunk('a'), chunk('b'), special, chunk('c')];
    const result = split([datas.map(event).join('')]);
    assert.equal(result.datas, datas);
    assert.equal(result.runs, [event(chunk('a')) + event(chunk('b'))]);
    assert.equal(result.parsed, [special, chunk('c')]);
  }
});

test('"error" inside a string (escaped quotes) does not end the run', () => {
  const datas = [chunk('say "error"'), chunk('x')];
  const result = split([datas.map(event).join('')]);
  assert.equal(result.parsed, []);
  assert.equal(result.datas, datas);
});

test('comments, [DONE], event fields, multi-line data and data without a space go to the parser', () => {
  const text = `${event(chunk('a'))}: keep-alive\n\n${event(chunk('b'))}event: x\ndata: {"y":1}\n\ndata: {"a":\ndata: 1}\n\ndata:{"z":2}\n\ndata: [DONE]\n\n`;
  const result = split([text]);
  assert.equal(result.runs, [event(chunk('a'))]);
  assert.equal(result.datas, [chunk('a'), chunk('b'), '{"y":1}', '{"a":\n1}', '{"z":2}', '[DONE]']);
});

test('a CR anywhere turns runs off for good: everything after goes to the parser', () => {
  const crlf = `data: ${chunk('a')}\r\n\r\n`;
  const result = split([event(chunk('x')), crlf.slice(0, 10), crlf.slice(10), event(chunk('b'))]);
  assert.equal(result.runs, [event(chunk('x'))]);
  assert.equal(result.datas, [chunk('x'), chunk('a'), chunk('b')]);
  assert.equal(result.parsed, [chunk('a'), chunk('b')]);
});

test('an event the parser had started before the splitter took over is completed, not lost', () => {
  const splitter = new SseRunSplitter('data: {"par');
  const first = splitter.push(`tial":1}\n\n${event(chunk('a'))}`);
  assert.is(first.run, event('{"partial":1}') + event(chunk('a')));
  assert.is(first.rest, '');
});

test('an unfinished event held past the limit fails with invalid_response; whole events pass however long the stream', () => {
  const splitter = new SseRunSplitter('', 100);
  for (let round = 0; round < 50; round++) assert.is(splitter.push(event(chunk('a'))).run, event(chunk('a')));
  splitter.push(`data: {"a":"${'z'.repeat(60)}`);
  try {
    splitter.push('z'.repeat(60));
    assert.unreachable('the endless event must be refused');
  } catch (error) {
    assert.ok(ProviderError.isInstance(error));
    assert.is((error as ProviderError).code, 'invalid_response');
  }
  const tail = new SseRunSplitter('', 100);
  assert.throws(() => tail.push(`${event(chunk('b'))}data: {"b":"${'z'.repeat(120)}`), /longer than 100 characters/);
});

test.run();
