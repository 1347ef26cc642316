/**
 * A MariaDB database made with a stock server's defaults (latin1): every table ends up in utf8mb4,
 * so names beyond Latin-1 work through GraphQL and /v1, and their request-log rows land.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { QueryTypes } from 'sequelize';
import { startOpenAIFakeUpstream, type OpenAIFakeUpstream } from '../../../../plugins/provider-openai/test/fake-openai-upstream.ts';
import { mariaDbTarget } from '../support/database-targets.ts';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';

const target = await mariaDbTarget();
if (target) {
  const test = suite<{ fake: OpenAIFakeUpstream; harness: TestGateway }>('utf8mb4 on a latin1 MariaDB database');

  test.before(async (context) => {
    try {
      context.fake = await startOpenAIFakeUpstream();
      context.harness = await startTestGateway({ databaseUrl: await target.freshDatabaseUrl({ charset: 'latin1' }) });
    } catch (error) {
      // uvu swallows errors thrown by hooks; make them visible.
      console.error(error);
      throw error;
    }
  });
  test.after(async ({ harness, fake }) => {
    await harness?.close();
    await fake?.close();
    await target.stop();
  });

  test('every table, text column and the database default are utf8mb4', async ({ harness }) => {
    const { sequelize } = harness.gateway.database;
    const [database] = await sequelize.query<{ collation: string }>(
      'SELECT DEFAULT_COLLATION_NAME AS collation FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = DATABASE()',
      { type: QueryTypes.SELECT },
    );
    assert.is(database!.collation, 'utf8mb4_unicode_520_ci');
    const columns = await sequelize.query<{ tableName: string; columnName: string; charset: string }>(
      `SELECT TABLE_NAME AS tableName, COLUMN_NAME AS columnName, CHARACTER_SET_NAME AS charset FROM information_schema.COLUMNS
        WHERE TABLE_SCHEMA = DATABASE() AND CHARACTER_SET_NAME IS NOT NULL`,
      { type: QueryTypes.SELECT },
    );
    assert.ok(columns.length > 20);
    assert.equal(columns.filter((column) => column.charset !== 'utf8mb4'), []);
    // The foreign keys dropped for the conversion are back, with their rules.
    const keys = await sequelize.query<{ tableName: string; referenced: string; onDelete: string }>(
      `SELECT TABLE_NAME AS tableName, REFERENCED_TABLE_NAME AS referenced, DELETE_RULE AS onDelete
         FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()`,
      { type: QueryTypes.SELECT },
    );
    assert.ok(keys.some((key) => key.tableName === 'model_deployments' && key.referenced === 'providers' && key.onDelete === 'CASCADE'));
    assert.ok(keys.some((key) => key.tableName === 'provider_health' && key.referenced === 'providers'));
  });

  test('a provider, a key and a model named 東京 🚀 are created over GraphQL and serve /v1; the log row lands', async ({ harness, fake }) => {
    const providerId = await harness.createOpenAIProvider('東京 🚀', fake);
    // A different emoji is a different name (a collation that weighs all emoji the same would refuse it).
    await harness.createOpenAIProvider('東京 🙂', fake);
    await harness.createDeployment({ modelName: '東京 🚀 model', providerId, providerModel: 'gpt-4o-mini' });
    const key = await harness.createKey({ name: '東京 🚀' });
    const names = await harness.graphql<{ providers: Array<{ name: string }>; virtualKey: { name: string } }>(
      'query($id: ID!) { providers { name } virtualKey(id: $id) { name } }',
      { id: key.id },
    );
    assert.equal(names.providers.map((provider) => provider.name).sort(), ['東京 🙂', '東京 🚀']);
    assert.is(names.virtualKey.name, '東京 🚀');

    const client = harness.openai(key.key);
    const answer = await client.chat.completions.create({ model: '東京 🚀 model', messages: [{ role: 'user', content: 'こんにちは 🚀' }] });
    assert.ok(answer.choices[0]!.message.content);
    // An unknown model named beyond Latin-1 is refused, and logged like any other answer.
    await client.chat.completions.create({ model: '未知 🛰 model', messages: [{ role: 'user', content: 'hi' }] }).then(
      () => assert.unreachable('an unknown model must be refused'),
      (error: { status?: number }) => assert.is(error.status, 404),
    );
    await client.chat.completions.create({ model: '東京 🚀 model', messages: [{ role: 'user', content: 'again' }] });

    const logs = await harness.graphql<{ requestLogs: { edges: Array<{ node: { model: string; status: number } }> } }>(
      '{ requestLogs(first: 10) { edges { node { model status } } } }',
    );
    assert.equal(
      logs.requestLogs.edges.map((edge) => edge.node).reverse(),
      [
        { model: '東京 🚀 model', status: 200 },
        { model: '未知 🛰 model', status: 404 },
        { model: '東京 🚀 model', status: 200 },
      ],
    );
  });

  test('a 300-character model name through /v1 is refused at the edge (the schema bounds it), logged, and later requests are logged too', async ({ harness, fake }) => {
    const providerId = await harness.createOpenAIProvider('long-names', fake);
    await harness.createDeployment({ modelName: 'short', providerId, providerModel: 'gpt-4o-mini' });
    const client = harness.openai((await harness.createKey({ name: 'long' })).key);
    const long = `${'長'.repeat(299)}🚀`;
    await client.chat.completions.create({ model: long, messages: [{ role: 'user', content: 'hi' }] }).then(
      () => assert.unreachable('a model name over the limit must be refused'),
      (error: { status?: number; message?: string }) => {
        assert.is(error.status, 400);
        assert.match(error.message ?? '', /model/);
      },
    );
    await client.chat.completions.create({ model: 'short', messages: [{ role: 'user', content: 'hi' }] });
    const logs = await harness.graphql<{ requestLogs: { edges: Array<{ node: { model: string | null; status: number } }> } }>(
      '{ requestLogs(first: 2) { edges { node { model status } } } }',
    );
    const [after, refused] = logs.requestLogs.edges.map((edge) => edge.node);
    assert.equal(after, { model: 'short', status: 200 });
    assert.is(refused!.status, 400, 'the refusal is logged');
  });

  test.run();
} else {
  suite('utf8mb4 on MariaDB').run();
}
