/** Looking into runs of raw SSE events: usage found and cut around, null usage dropped, events listed. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fileURLToPath } from 'node:url';
import { runEvents, runWithoutNullUsage, splitAtUsage, visitRunEvents } from '../../src/pipeline/http/sse-run-text.ts';
import { runCommand } from '../../../../test/support/run-command.ts';

const event = (data: string): string => `data: ${data}\n\n`;
const chunk = (content: string, usage = ',"usage":null'): string => `{"id":"c1","choices":[{"index":0,"delta":{"content":${JSON.stringify(content)}}}]${usage}}`;
const usageChunk = '{"id":"c1","choices":[],"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3}}';

test('the event with usage is cut out with what comes before and after it', () => {
  const run = [chunk('a'), chunk('b'), usageChunk, chunk('c')].map(event).join('');
  assert.equal(splitAtUsage(run), { before: event(chunk('a')) + event(chunk('b')), event: usageChunk, after: event(chunk('c')) });
  assert.equal(splitAtUsage(event(usageChunk)), { before: '', event: usageChunk, after: '' });
  const spaced = '{"choices":[],"usage" : {"total_tokens":3}}';
  assert.equal(splitAtUsage(event(spaced))?.event, spaced);
});

test('null usage, and "usage" inside a string, are not usage', () => {
  const run = [chunk('a'), chunk('"usage": 5'), '{"choices":[],"usage" : null}'].map(event).join('');
  assert.is(splitAtUsage(run), undefined);
});

test('null usage is dropped from every event that ends with it; anything else with "usage" is left for parsing', () => {
  const run = [chunk('a'), chunk('b')].map(event).join('');
  assert.is(runWithoutNullUsage(run), [chunk('a', ''), chunk('b', '')].map(event).join(''));
  assert.is(runWithoutNullUsage(event('{"usage":null,"choices":[]}')), undefined);
  assert.is(runWithoutNullUsage(event('{"x_vendor":{"usage":null},"choices":[]}')), undefined);
  // Quoted inside a string, "usage" is escaped and is no key.
  assert.is(runWithoutNullUsage(event(chunk('the "usage" of words'))), event(chunk('the "usage" of words', '')));
});

test('the events of a run, as JSON texts', () => {
  assert.equal(runEvents([chunk('a'), usageChunk].map(event).join('')), [chunk('a'), usageChunk]);
});

test('a run without its final blank line ends the walk: its last event is handed out, nothing hangs', async () => {
  // In a child process with a deadline: a walk that never ends would block this test's own timers.
  const module = fileURLToPath(new URL('../../src/pipeline/http/sse-run-text.ts', import.meta.url));
  const script = `
    const { visitRunEvents, splitAtUsage } = await import(${JSON.stringify(module)});
    const seen = [];
    const after = visitRunEvents('data: {"a":1}\\n\\ndata: {"b":2}', (json) => { seen.push(json); return false; });
    const stopped = visitRunEvents('data: {"a":1}\\n\\ndata: {"b":2}', (json) => json.includes('b'));
    const split = splitAtUsage('data: {"a":1}\\n\\ndata: {"usage":{"total_tokens":3}}');
    console.log(JSON.stringify({ seen, after: after ?? null, stopped, split }));
  `;
  const output = await runCommand(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], 10_000);
  assert.equal(JSON.parse(output), {
    seen: ['{"a":1}', '{"b":2}'],
    after: null,
    stopped: 'data: {"a":1}\n\ndata: {"b":2}'.length,
    split: { before: 'data: {"a":1}\n\n', event: '{"usage":{"total_tokens":3}}', after: '' },
  });
  assert.equal(visitRunEvents('', () => true), undefined);
});

test.run();
