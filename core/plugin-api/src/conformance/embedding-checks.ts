/** Embeddings: one vector per input, in order, with usage. */
import * as assert from 'uvu/assert';
import type { EmbeddingResponse } from '../openai/index.ts';
import type { ConformanceCheck } from './conformance-check.ts';

function assertEmbeddings(response: EmbeddingResponse, count: number, dimensions: number): void {
  assert.is(response.object, 'list');
  assert.ok(typeof response.model === 'string' && response.model.length > 0, 'model is a non-empty string');
  assert.is(response.data.length, count, 'one embedding per input');
  response.data.forEach((item, index) => {
    assert.is(item.object, 'embedding');
    assert.is(item.index, index, 'embeddings are in input order');
    assert.ok(Array.isArray(item.embedding), 'encoding_format float gives arrays');
    const vector = item.embedding as number[];
    assert.is(vector.length, dimensions);
    assert.ok(vector.every((value) => typeof value === 'number' && Number.isFinite(value)), 'finite numbers');
  });
}

export const embeddingChecks: ConformanceCheck[] = [
  {
    name: 'embeddings: one vector per input, with usage',
    requires: ['embeddings'],
    model: 'embedding',
    async run({ client, fake, model, call }) {
      assert.type(client.embeddings, 'function', 'the client implements embeddings');
      fake.enqueue({ type: 'embeddings', dimensions: 8, usage: { input: 6 } });
      const response = await client.embeddings!(
        { model, input: ['first text', 'second text'], encoding_format: 'float' },
        call(),
      );
      assertEmbeddings(response, 2, 8);
      assert.is(response.usage.prompt_tokens, 6);
      assert.is(response.usage.total_tokens, 6);
      const observed = fake.lastRequest();
      assert.equal(observed.inputs, ['first text', 'second text']);
      assert.is(observed.model, model);
    },
  },
  {
    name: 'embeddings: a single string input',
    requires: ['embeddings'],
    model: 'embedding',
    async run({ client, fake, model, call }) {
      assert.type(client.embeddings, 'function', 'the client implements embeddings');
      fake.enqueue({ type: 'embeddings', dimensions: 4, usage: { input: 2 } });
      const response = await client.embeddings!({ model, input: 'hello world', encoding_format: 'float' }, call());
      assertEmbeddings(response, 1, 4);
      assert.equal(fake.lastRequest().inputs, ['hello world']);
    },
  },
];
