import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildSchema } from '../../src/adapters/graphql/schema.ts';
import { mutationPolicy } from '../../src/adapters/graphql/mutation-policy.ts';

test('every mutation in the schema has an access rule (add one in mutation-policy.ts)', () => {
  const mutations = Object.keys(buildSchema().getMutationType()!.getFields());
  const missing = mutations.filter((name) => !(name in mutationPolicy));
  assert.equal(missing, [], `mutations without a rule: ${missing.join(', ')}`);
});

test('no rule names a mutation the schema does not have', () => {
  const mutations = new Set(Object.keys(buildSchema().getMutationType()!.getFields()));
  assert.equal(Object.keys(mutationPolicy).filter((name) => !mutations.has(name)), []);
});

test('VIEWER runs no mutation', () => {
  assert.equal(Object.entries(mutationPolicy).filter(([, rule]) => rule.role === 'VIEWER').map(([name]) => name), []);
});

test.run();
