import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ProviderError } from '@conduit/plugin-api';
import type { CohereEmbedResponse } from '../src/cohere-types.ts';
import { mapEmbeddingsRequest } from '../src/map-embeddings-request.ts';
import { mapEmbeddingsResponse } from '../src/map-embeddings-response.ts';
import { readFixture } from './read-fixture.ts';

test('a list of texts maps to texts, the default input type and float embeddings', () => {
  assert.equal(mapEmbeddingsRequest({ model: 'embed-v4.0', input: ['a', 'b'] }, 'search_document'), {
    model: 'embed-v4.0',
    texts: ['a', 'b'],
    input_type: 'search_document',
    embedding_types: ['float'],
  });
});

test('one string, dimensions and a request-level input_type', () => {
  assert.equal(mapEmbeddingsRequest({ model: 'embed-v4.0', input: 'q', dimensions: 512, input_type: 'search_query' }, 'search_document'), {
    model: 'embed-v4.0',
    texts: ['q'],
    input_type: 'search_query',
    embedding_types: ['float'],
    output_dimension: 512,
  });
});

test('an unknown request-level input_type falls back to the default', () => {
  assert.is(mapEmbeddingsRequest({ model: 'embed-v4.0', input: 'q', input_type: 'poetry' }, 'clustering').input_type, 'clustering');
});

test('token arrays are unsupported', () => {
  try {
    mapEmbeddingsRequest({ model: 'embed-v4.0', input: [[1, 2, 3]] }, 'search_document');
    assert.unreachable('should throw');
  } catch (error) {
    assert.is((error as ProviderError).code, 'unsupported');
  }
});

test('the embed answer maps to an OpenAI list with billed input tokens as usage', () => {
  const response = mapEmbeddingsResponse(readFixture<CohereEmbedResponse>('embed-response.json'), 'embed-v4.0', undefined);
  assert.equal(response, {
    object: 'list',
    data: [
      { object: 'embedding', index: 0, embedding: [0.03302002, 0.020904541, -0.019744873, -0.0625, 0.04437256] },
      { object: 'embedding', index: 1, embedding: [-0.04660034, 0.00037765503, -0.061157227, -0.08239746, -0.010360718] },
    ],
    model: 'embed-v4.0',
    usage: { prompt_tokens: 10, total_tokens: 10 },
  });
});

test('base64 encoding is little-endian float32 of the floats', () => {
  const response = mapEmbeddingsResponse({ id: 'x', embeddings: { float: [[1, -2.5]] } }, 'embed-v4.0', 'base64');
  const bytes = Buffer.from(response.data[0].embedding as string, 'base64');
  assert.equal([bytes.readFloatLE(0), bytes.readFloatLE(4)], [1, -2.5]);
  assert.equal(response.usage, { prompt_tokens: 0, total_tokens: 0 });
});

test('an answer without float embeddings is an invalid response', () => {
  try {
    mapEmbeddingsResponse({ id: 'x', embeddings: {} }, 'embed-v4.0', undefined);
    assert.unreachable('should throw');
  } catch (error) {
    assert.is((error as ProviderError).code, 'invalid_response');
  }
});

test.run();
