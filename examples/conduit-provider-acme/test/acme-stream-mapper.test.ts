import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ProviderError, type ChatCompletionChunk } from '@conduit/plugin-api';
import { AcmeStreamMapper } from '../src/acme-stream-mapper.ts';
import { parseNdjson } from '../src/parse-ndjson.ts';
import { readStreamEvent } from '../src/read-stream-event.ts';
import { loadFixture } from './load-fixture.ts';

/** The bytes of `text`, one network piece per byte: lines and characters split everywhere. */
async function* byteByByte(text: string): AsyncGenerator<Uint8Array> {
  for (const byte of new TextEncoder().encode(text)) yield Uint8Array.of(byte);
}

async function mapStream(ndjson: string, chunks: ChatCompletionChunk[] = []): Promise<ChatCompletionChunk[]> {
  const mapper = new AcmeStreamMapper('requested-model');
  for await (const line of parseNdjson(byteByByte(ndjson))) {
    const event = readStreamEvent(line);
    if (event) chunks.push(...mapper.push(event));
  }
  mapper.end();
  return chunks;
}

test('a streamed tool call becomes OpenAI chunks, split at every byte', async () => {
  const chunks = await mapStream(loadFixture('acme-stream-tool-call.ndjson'));
  assert.ok(chunks.every((chunk) => chunk.id === 'gen_7Qx2' && chunk.model === 'acme-large' && chunk.created === 1736942400));
  assert.equal(
    chunks.map((chunk) => chunk.choices[0]?.delta ?? null),
    [
      { role: 'assistant', content: '' },
      { content: 'Let me check ' },
      { content: '— un instant.' },
      { tool_calls: [{ index: 0, id: 'call_9', type: 'function', function: { name: 'get_weather', arguments: '' } }] },
      { tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] },
      { tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] },
      {},
      null,
    ],
  );
  assert.is(chunks.at(-2)?.choices[0]?.finish_reason, 'tool_calls');
  assert.equal(chunks.at(-1)?.usage, {
    prompt_tokens: 42,
    completion_tokens: 9,
    total_tokens: 51,
    prompt_tokens_details: { cached_tokens: 12 },
  });
});

test('an error event before any output is thrown before any chunk', async () => {
  const chunks: ChatCompletionChunk[] = [];
  const ndjson = [
    '{"type":"generation.start","id":"gen_1","model":"acme-large","created_at":"2025-01-15T12:00:00Z"}',
    '{"type":"error","failure":{"reason":"overloaded","detail":"Try again shortly."}}',
  ].join('\n');
  try {
    await mapStream(ndjson, chunks);
    assert.unreachable('the stream should fail');
  } catch (error) {
    assert.ok(ProviderError.isInstance(error));
    assert.is((error as ProviderError).code, 'overloaded');
    assert.is((error as ProviderError).retryable, true);
  }
  assert.is(chunks.length, 0);
});

test('a stream cut before generation.end is a failure', async () => {
  const ndjson = '{"type":"text.delta","text":"Once upon"}\n';
  try {
    await mapStream(ndjson);
    assert.unreachable('the stream should fail');
  } catch (error) {
    assert.is((error as ProviderError).code, 'connection');
  }
});

test('unknown event types are skipped, malformed known ones are refused', () => {
  assert.is(readStreamEvent({ type: 'safety.annotation', level: 'low' }), undefined);
  assert.throws(() => readStreamEvent({ type: 'text.delta' }), /text\.delta/);
});

test.run();
