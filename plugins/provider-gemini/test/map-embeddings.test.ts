import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ProviderError } from '@conduit/plugin-api';
import type { GeminiBatchEmbedContentsResponse, GeminiEmbedContentResponse } from '../src/gemini-api.ts';
import { mapEmbeddingsRequest } from '../src/map-embeddings-request.ts';
import { estimateTokens, mapEmbeddingsResponse } from '../src/map-embeddings-response.ts';
import { readFixture } from './read-fixture.ts';

const fixtures = readFixture<{
  embedContentResponse: GeminiEmbedContentResponse;
  batchEmbedContentsResponse: GeminiBatchEmbedContentsResponse;
  batchEmbedContentsResponseWithUsage: GeminiBatchEmbedContentsResponse;
}>('embeddings.json');

test('one input goes to embedContent with the model resource name and dimensions', () => {
  assert.equal(mapEmbeddingsRequest({ model: 'gemini-embedding-001', input: 'hello', dimensions: 768 }), {
    method: 'embedContent',
    body: { model: 'models/gemini-embedding-001', content: { parts: [{ text: 'hello' }] }, outputDimensionality: 768 },
  });
  assert.is(mapEmbeddingsRequest({ model: 'text-embedding-004', input: ['only'] }).method, 'embedContent');
});

test('several inputs go to batchEmbedContents, at most 100 per batch', () => {
  const mapped = mapEmbeddingsRequest({ model: 'text-embedding-004', input: ['a', 'b'] });
  assert.equal(mapped, {
    method: 'batchEmbedContents',
    batches: [
      {
        requests: [
          { model: 'models/text-embedding-004', content: { parts: [{ text: 'a' }] } },
          { model: 'models/text-embedding-004', content: { parts: [{ text: 'b' }] } },
        ],
      },
    ],
  });
  const many = mapEmbeddingsRequest({ model: 'text-embedding-004', input: Array.from({ length: 250 }, (_, i) => `t${i}`) });
  assert.ok(many.method === 'batchEmbedContents');
  if (many.method === 'batchEmbedContents') {
    assert.equal(many.batches.map((batch) => batch.requests.length), [100, 100, 50]);
    assert.equal(many.batches[2]!.requests[0]!.content, { parts: [{ text: 't200' }] });
  }
});

test('token arrays are unsupported; an empty input is a bad request', () => {
  for (const [input, code] of [[[1, 2, 3], 'unsupported'], [[], 'bad_request']] as const) {
    try {
      mapEmbeddingsRequest({ model: 'text-embedding-004', input: input as unknown as number[] });
      assert.unreachable('expected a ProviderError');
    } catch (error) {
      assert.ok(ProviderError.isInstance(error));
      assert.is((error as ProviderError).code, code);
    }
  }
});

test('embedContent answer -> one embedding; usage estimated from input length when Gemini reports none', () => {
  const response = mapEmbeddingsResponse(
    [{ vectors: [fixtures.embedContentResponse.embedding] }],
    ['What is the meaning of life?'],
    'text-embedding-004',
    undefined,
  );
  assert.equal(response, {
    object: 'list',
    data: [{ object: 'embedding', index: 0, embedding: [0.0123, -0.0456, 0.0789, -0.0012] }],
    model: 'text-embedding-004',
    usage: { prompt_tokens: 7, total_tokens: 7 },
  });
  assert.is(estimateTokens(['abcd', 'abcde']), 3);
});

test("batch answer -> embeddings in order, with Gemini's own usage when it reports it", () => {
  const answer = fixtures.batchEmbedContentsResponseWithUsage;
  const response = mapEmbeddingsResponse(
    [{ vectors: answer.embeddings ?? [], usage: answer.usageMetadata }],
    ['first', 'second'],
    'gemini-embedding-001',
    'float',
  );
  assert.equal(response.data.map((item) => [item.index, item.embedding]), [
    [0, [0.1, 0.2]],
    [1, [0.3, 0.4]],
  ]);
  assert.equal(response.usage, { prompt_tokens: 9, total_tokens: 9 });
});

test('base64 encoding is little-endian float32, as OpenAI sends it', () => {
  const answer = fixtures.batchEmbedContentsResponse;
  const response = mapEmbeddingsResponse([{ vectors: answer.embeddings ?? [] }], ['a', 'b'], 'm', 'base64');
  const bytes = Buffer.from(response.data[0]!.embedding as string, 'base64');
  assert.equal([bytes.readFloatLE(0), bytes.readFloatLE(4), bytes.readFloatLE(8)], [0.5, -0.25, 0.125]);
});

test('a count mismatch between inputs and vectors is an invalid response', () => {
  try {
    mapEmbeddingsResponse([{ vectors: [{ values: [1] }] }], ['a', 'b'], 'm', undefined);
    assert.unreachable('expected a ProviderError');
  } catch (error) {
    assert.is((error as ProviderError).code, 'invalid_response');
  }
});

test.run();
