/**
 * Two gateways in one process, each on its own SQLite file: every model is bound to its own database,
 * so what one gateway writes (admin changes, keys, request logs, spend) is never read or written
 * through the other, and both serve requests side by side. With models shared by the process, the
 * second database opened would take the first one's writes.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startOpenAIFakeUpstream } from '../../../../plugins/provider-openai/test/fake-openai-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';

async function namesIn(gateway: TestGateway, table: 'virtual_keys' | 'providers' | 'model_deployments'): Promise<string[]> {
  const column = table === 'model_deployments' ? 'model_name' : 'name';
  const [rows] = (await gateway.gateway.database.sequelize.query(`SELECT ${column} AS name FROM ${table} ORDER BY ${column}`)) as [Array<{ name: string }>, unknown];
  return rows.map((row) => row.name);
}

async function logged(gateway: TestGateway): Promise<Array<{ model: string; status: number }>> {
  await gateway.gateway.logWriter.flush();
  const [rows] = (await gateway.gateway.database.sequelize.query('SELECT model, status FROM request_logs ORDER BY id')) as [Array<{ model: string; status: number }>, unknown];
  return rows.map((row) => ({ model: row.model, status: Number(row.status) }));
}

async function status(gateway: TestGateway, key: string, model: string): Promise<number> {
  try {
    await gateway.openai(key).chat.completions.create({ model, messages: [{ role: 'user', content: 'hello' }] });
    return 200;
  } catch (error) {
    return (error as { status?: number }).status ?? -1;
  }
}

test('two gateways with two databases in one process keep their data apart, and both work', async () => {
  const fake = await startOpenAIFakeUpstream();
  const a = await startTestGateway();
  const b = await startTestGateway();
  try {
    assert.is.not(a.dataDir, b.dataDir, 'two SQLite files');
    assert.is.not(a.models.VirtualKeyRecord, b.models.VirtualKeyRecord, 'each database has its own model classes');

    await a.createDeployment({ modelName: 'chat-a', providerId: await a.createOpenAIProvider('upstream-a', fake), providerModel: 'gpt-4o-mini' });
    const keyA = await a.createKey({ name: 'key-of-a' });
    await b.createDeployment({ modelName: 'chat-b', providerId: await b.createOpenAIProvider('upstream-b', fake), providerModel: 'gpt-4o-mini' });
    const keyB = await b.createKey({ name: 'key-of-b' });

    // Each write landed in its own file only, and each gateway's admin API reads its own.
    assert.equal(await namesIn(a, 'virtual_keys'), ['key-of-a']);
    assert.equal(await namesIn(b, 'virtual_keys'), ['key-of-b']);
    assert.equal(await namesIn(a, 'providers'), ['upstream-a']);
    assert.equal(await namesIn(b, 'providers'), ['upstream-b']);
    assert.equal(await namesIn(a, 'model_deployments'), ['chat-a']);
    assert.equal(await namesIn(b, 'model_deployments'), ['chat-b']);
    const keysOf = async (gateway: TestGateway) => (await gateway.graphql<{ virtualKeys: Array<{ name: string }> }>('{ virtualKeys { name } }')).virtualKeys.map((key) => key.name);
    assert.equal(await keysOf(a), ['key-of-a']);
    assert.equal(await keysOf(b), ['key-of-b']);
    assert.equal((await a.models.VirtualKeyRecord.findAll()).map((key) => key.name), ['key-of-a']);
    assert.equal((await b.models.VirtualKeyRecord.findAll()).map((key) => key.name), ['key-of-b']);

    // Both serve their own keys and models, and know nothing of the other's.
    assert.is(await status(a, keyA.key, 'chat-a'), 200);
    assert.is(await status(b, keyB.key, 'chat-b'), 200);
    assert.is(await status(b, keyA.key, 'chat-b'), 401, "a's key is unknown to b");
    assert.is(await status(a, keyA.key, 'chat-b'), 404, "b's model is unknown to a");
    assert.equal(await logged(a), [{ model: 'chat-a', status: 200 }, { model: 'chat-b', status: 404 }]);
    assert.equal(await logged(b), [{ model: 'chat-b', status: 200 }, { model: null, status: 401 }]);

    // An update through one leaves the other's row of the same shape alone.
    await a.graphql('mutation($id: ID!) { updateVirtualKey(id: $id, input: { name: "renamed-in-a" }) { id } }', { id: keyA.id });
    assert.equal(await namesIn(a, 'virtual_keys'), ['renamed-in-a']);
    assert.equal(await namesIn(b, 'virtual_keys'), ['key-of-b']);

    // Closing one (and its database) leaves the other working.
    await a.close();
    assert.is(await status(b, keyB.key, 'chat-b'), 200);
    assert.equal(await keysOf(b), ['key-of-b']);
  } finally {
    await a.close().catch(() => undefined);
    await b.close();
    await fake.close();
  }
});

test.run();
