import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { markRawJson } from '@conduit/plugin-api/internal';
import { streamChunkJson, type StreamChunk } from '../../src/pipeline/http/stream-chunk-json.ts';

const parsed = (text: string): StreamChunk => markRawJson(JSON.parse(text) as StreamChunk, text);
const usage = { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 };

test('a chunk parsed from the upstream goes out as the upstream wrote it', () => {
  const text = '{ "id": "c1", "choices": [{"index":0,"delta":{"content":"caf\\u00e9"}}], "usage": null }';
  assert.is(streamChunkJson(parsed(text), true), text);
  const noUsage = '{"id":"c1","choices":[{"index":0}]}';
  assert.is(streamChunkJson(parsed(noUsage), false), noUsage);
});

test('a chunk a plugin built, or a copy of a parsed one, is serialised', () => {
  const built = { id: 'c1', choices: [{ index: 0 }], usage: null };
  assert.is(streamChunkJson(built, true), JSON.stringify(built));
  const copy = { ...parsed('{ "id": "c1", "choices": [] }'), id: 'c2' };
  assert.is(streamChunkJson(copy, true), '{"id":"c2","choices":[]}');
});

test('usage the client did not ask for is dropped: a trailing "usage":null from the text, otherwise by serialising', () => {
  const text = '{"id":"c1","choices":[{"index":0,"delta":{"content":"x"}}],"usage":null}';
  assert.is(streamChunkJson(parsed(text), false), '{"id":"c1","choices":[{"index":0,"delta":{"content":"x"}}]}');
  assert.is(streamChunkJson(parsed('{"id":"c1", "choices":[{"index":0}], "usage": null}'), false), '{"id":"c1","choices":[{"index":0}]}');
  assert.is(streamChunkJson(parsed('{"id":"c1","usage":null,"choices":[{"index":0}]}'), false), '{"id":"c1","choices":[{"index":0}]}');
  assert.is(streamChunkJson({ id: 'c1', choices: [{ index: 0 }], usage } as StreamChunk, false), '{"id":"c1","choices":[{"index":0}]}');
});

test('the text is not cut when "usage" also appears elsewhere in it', () => {
  const nested = '{"id":"c1","choices":[{"index":0,"delta":{"usage":null}}],"usage":null}';
  assert.is(streamChunkJson(parsed(nested), false), '{"id":"c1","choices":[{"index":0,"delta":{"usage":null}}]}');
  const inText = '{"id":"c1","choices":[{"index":0,"delta":{"content":"\\"usage\\":null}"}}],"usage":null}';
  assert.is(streamChunkJson(parsed(inText), false), '{"id":"c1","choices":[{"index":0,"delta":{"content":"\\"usage\\":null}"}}]}');
});

test('the usage chunk itself is not sent when the client did not ask for usage', () => {
  const text = `{"id":"c1","choices":[],"usage":${JSON.stringify(usage)}}`;
  assert.is(streamChunkJson(parsed(text), false), undefined);
  assert.is(streamChunkJson(parsed(text), true), text);
});

test.run();
