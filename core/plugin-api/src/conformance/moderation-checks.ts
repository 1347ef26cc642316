/**
 * Moderations: one result per input string, in order, each with its categories' flags and scores,
 * and `flagged` exactly when a category is. The fake answers with its own classification (the kit
 * scripts no moderation answers), so the checks pin the shape and the request, not the verdicts.
 */
import * as assert from 'uvu/assert';
import type { ModerationResponse } from '../openai/index.ts';
import type { ConformanceCheck } from './conformance-check.ts';

function assertModeration(response: ModerationResponse, count: number): void {
  assert.ok(typeof response.id === 'string' && response.id.length > 0, 'id is a non-empty string');
  assert.ok(typeof response.model === 'string' && response.model.length > 0, 'model is a non-empty string');
  assert.ok(Array.isArray(response.results), 'results is a list');
  assert.is(response.results.length, count, 'one result per input string');
  for (const result of response.results) {
    const flags = Object.entries(result.categories);
    assert.ok(flags.length > 0, 'categories are listed');
    assert.ok(flags.every(([, flag]) => flag === null || typeof flag === 'boolean'), 'category flags are booleans (or null)');
    assert.is(result.flagged, flags.some(([, flag]) => flag === true), 'flagged exactly when a category is');
    const scores = Object.values(result.category_scores);
    assert.ok(scores.length > 0 && scores.every((score) => typeof score === 'number' && score >= 0 && score <= 1), 'scores are between 0 and 1');
  }
}

export const moderationChecks: ConformanceCheck[] = [
  {
    name: 'moderations: one result per input string',
    requires: ['moderations'],
    model: 'moderation',
    async run({ client, fake, model, call }) {
      assert.type(client.moderations, 'function', 'the client implements moderations');
      const response = await client.moderations!({ model, input: ['first text', 'second text'] }, call());
      assertModeration(response, 2);
      const observed = fake.lastRequest();
      assert.equal(observed.inputs, ['first text', 'second text']);
      assert.is(observed.model, model);
    },
  },
  {
    name: 'moderations: a single string input',
    requires: ['moderations'],
    model: 'moderation',
    async run({ client, fake, model, call }) {
      assert.type(client.moderations, 'function', 'the client implements moderations');
      assertModeration(await client.moderations!({ model, input: 'hello world' }, call()), 1);
      assert.equal(fake.lastRequest().inputs, ['hello world']);
    },
  },
];
