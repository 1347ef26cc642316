import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RawChunkScanner } from '../../src/pipeline/http/raw-chunk-scanner.ts';

const chat = new RawChunkScanner(['content', 'name', 'arguments']);
const chunk = (delta: unknown, usage: unknown = null): string =>
  JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: null }], usage });

/** What the parsed path would take as output text (content, tool call names and arguments). */
function parsedOutput(text: string): string {
  const value = JSON.parse(text) as { choices: Array<{ delta: { content?: string; tool_calls?: Array<{ function?: { name?: string; arguments?: string } }> } }> };
  let out = '';
  for (const choice of value.choices) {
    out += choice.delta.content ?? '';
    for (const call of choice.delta.tool_calls ?? []) out += (call.function?.name ?? '') + (call.function?.arguments ?? '');
  }
  return out;
}

test('the output text is the same as parsing finds, whatever the text holds', () => {
  const contents = ['plain', 'é ✓ 🚀', 'quote " and \\ backslash', '\\', 'ends with backslash \\\\', '"content":"fake"', '"usage":{"x":1}', 'usage', '\n\t\u0000', ''];
  for (const content of contents) {
    const text = chunk({ content });
    assert.ok(chat.scan(text), `scanned: ${JSON.stringify(content)}`);
    assert.is(chat.output, parsedOutput(text), `output of ${JSON.stringify(content)}`);
    assert.ok(chat.nullUsage);
  }
  const tools = chunk({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris \\"FR\\""}' } }] });
  assert.ok(chat.scan(tools));
  assert.is(chat.output, parsedOutput(tools));
});

test('whitespace between keys and values, and values that are not strings', () => {
  const spaced = '{ "id": "c1", "choices": [ { "index": 0, "delta": { "role": "assistant", "content" : "hi" } } ], "usage" : null }';
  assert.ok(chat.scan(spaced));
  assert.is(chat.output, 'hi');
  assert.ok(chat.nullUsage);
  assert.ok(chat.scan(chunk({ content: null, refusal: null })));
  assert.is(chat.output, '');
  assert.ok(chat.scan('{"id":"c1","choices":[]}'));
  assert.not.ok(chat.nullUsage, 'no usage member at all');
});

test('usage that is not null, or text that is not what it seems, asks for parsing', () => {
  assert.not.ok(chat.scan(chunk({}, { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 })));
  assert.not.ok(chat.scan('{"choices":[{"delta":{"content":"never closed}}]}'));
});

test('the keys searched are the ones given', () => {
  const completions = new RawChunkScanner(['text']);
  const text = '{"id":"c1","object":"text_completion","choices":[{"text":"Hello \\"you\\"","index":0}],"usage":null}';
  assert.ok(completions.scan(text));
  assert.is(completions.output, 'Hello "you"');
  assert.ok(chat.scan(text));
  assert.is(chat.output, '');
});

test('output is told without parsing as the chat route tells it from parsed chunks', () => {
  const decide = (delta: unknown, finish: string | null = null, usage: unknown = null): boolean | undefined =>
    chat.hasOutput(JSON.stringify({ id: 'c1', choices: [{ index: 0, delta, finish_reason: finish }], usage }));
  assert.is(decide({ role: 'assistant', content: '' }), false, 'a role-only chunk is no output');
  assert.is(decide({ role: 'assistant', content: null, refusal: null }), false);
  assert.is(decide({ content: 'Hi' }), true);
  assert.is(decide({}, 'stop'), true, 'a finish reason is output');
  assert.is(decide({ tool_calls: [] }), false);
  assert.is(decide({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: '', arguments: '' } }] }), true);
  assert.is(decide({ refusal: 'No.' }), true);
  assert.is(decide({}, null, { prompt_tokens: 1, completion_tokens: 0, total_tokens: 1 }), undefined, 'usage: parse to tell');
  assert.is(chat.hasOutput('{ "choices": [ { "delta": { "content" : "" }, "finish_reason" : "length" } ] }'), true);
});

test.run();
