// Settings that would do nothing yet are refused, not silently stored: a deployment's cache TTL waits
// for the response cache (prices nothing charges are refused the same way, see the money suite).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startOpenAIFakeUpstream } from '../../../../plugins/provider-openai/test/fake-openai-upstream.ts';
import { startTestGateway } from '../support/test-gateway.ts';

test('a deployment with a cache TTL is refused with a message naming the field; without one it is created', async () => {
  const fake = await startOpenAIFakeUpstream();
  const harness = await startTestGateway();
  try {
    const providerId = await harness.createOpenAIProvider('openai', fake);
    const create = 'mutation($input: CreateModelDeploymentInput!) { createModelDeployment(input: $input) { id cacheTtlSeconds } }';
    const refused = await harness.graphqlRaw(create, { input: { modelName: 'chat', providerId, providerModel: 'gpt-4o-mini', cacheTtlSeconds: 300 } });
    assert.ok(refused.body.errors?.length, 'refused');
    assert.match(refused.body.errors![0]!.message, /cacheTtlSeconds/);
    assert.match(refused.body.errors![0]!.message, /no response cache/);
    const created = await harness.graphql<{ createModelDeployment: { id: string; cacheTtlSeconds: number | null } }>(create, {
      input: { modelName: 'chat', providerId, providerModel: 'gpt-4o-mini' },
    });
    assert.is(created.createModelDeployment.cacheTtlSeconds, null);
    const update = await harness.graphqlRaw('mutation($id: ID!) { updateModelDeployment(id: $id, input: { cacheTtlSeconds: 60 }) { id } }', {
      id: created.createModelDeployment.id,
    });
    assert.ok(update.body.errors?.length, 'an update setting it is refused too');
  } finally {
    await harness.close();
    await fake.close();
  }
});

test.run();
