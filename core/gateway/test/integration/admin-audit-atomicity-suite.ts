/**
 * Every mutation's audit row is written in the same transaction as its change. For each mutation of
 * the schema (a scenario per mutation: a mutation added without one fails here), with real arguments
 * against fresh records: while the audit table is away the mutation fails and the database is exactly
 * as before (every table compared row by row, the configuration versions included); then it succeeds,
 * its change is there and its audit row with it.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Sequelize } from 'sequelize';
import { QueryTypes } from 'sequelize';
import { buildSchema } from '../../src/adapters/graphql/schema.ts';
import type { DatabaseTarget } from '../support/database-targets.ts';
import { startTestGateway, type GraphQLBody, type TestGateway } from '../support/test-gateway.ts';

interface Context {
  gateway: TestGateway;
}

interface Operation {
  document: string;
  variables?: Record<string, unknown>;
  /** The mutation writes nothing but its audit row (a test send). */
  changesNothing?: boolean;
}

type Scenario = (fixtures: Fixtures) => Promise<Operation>;

let counter = 0;
const unique = (prefix: string): string => `${prefix}-${++counter}`;

class Fixtures {
  constructor(readonly gateway: TestGateway) {}

  provider(): Promise<string> {
    // Port 9 (discard) refuses: a health check of it finds the provider down, without waiting.
    return this.gateway.createProvider({ name: unique('provider'), type: 'openai', baseUrl: 'http://127.0.0.1:9/v1', apiKey: 'sk-audit-test' });
  }

  async deployment(): Promise<string> {
    return this.gateway.createDeployment({ modelName: unique('model'), providerId: await this.provider(), providerModel: 'gpt-x' });
  }

  async create(mutation: string, input: Record<string, unknown>, type: string): Promise<string> {
    const data = await this.gateway.graphql<Record<string, { id: string }>>(`mutation($input: ${type}!) { ${mutation}(input: $input) { id } }`, { input });
    return data[mutation]!.id;
  }

  async key(): Promise<string> {
    return (await this.gateway.createKey({ name: unique('key') })).id;
  }

  /** A real notification: disabling a key raises KEY_DISABLED. */
  async notification(): Promise<string> {
    const id = await this.key();
    await this.gateway.graphql('mutation($id: ID!) { updateVirtualKey(id: $id, input: { enabled: false }) { id } }', { id });
    const data = await this.gateway.graphql<{ notifications: { edges: Array<{ node: { id: string; virtualKeyId: string } }> } }>(
      '{ notifications(first: 50, unreadOnly: true) { edges { node { id virtualKeyId } } } }',
    );
    const found = data.notifications.edges.find((edge) => edge.node.virtualKeyId === id);
    if (!found) throw new Error('no KEY_DISABLED notification was raised');
    return found.node.id;
  }

  async adminToken(): Promise<string> {
    const data = await this.gateway.graphql<{ createAdminToken: { adminToken: { id: string } } }>(
      'mutation { createAdminToken(input: { name: "to revoke", role: VIEWER }) { adminToken { id } } }',
    );
    return data.createAdminToken.adminToken.id;
  }
}

const scenarios: Record<string, Scenario> = {
  createProvider: async () => ({
    document: 'mutation($input: CreateProviderInput!) { createProvider(input: $input) { id } }',
    variables: { input: { name: unique('provider'), type: 'openai', baseUrl: 'http://127.0.0.1:9/v1', apiKey: 'sk-secret' } },
  }),
  updateProvider: async (f) => ({ document: 'mutation($id: ID!) { updateProvider(id: $id, input: { name: "renamed provider" }) { id } }', variables: { id: await f.provider() } }),
  deleteProvider: async (f) => ({ document: 'mutation($id: ID!) { deleteProvider(id: $id) }', variables: { id: await f.provider() } }),
  checkProviderHealth: async (f) => ({ document: 'mutation($id: ID!) { checkProviderHealth(providerId: $id) { status } }', variables: { id: await f.provider() } }),
  createModelDeployment: async (f) => ({
    document: 'mutation($input: CreateModelDeploymentInput!) { createModelDeployment(input: $input) { id } }',
    variables: { input: { modelName: unique('model'), providerId: await f.provider(), providerModel: 'gpt-y' } },
  }),
  updateModelDeployment: async (f) => ({ document: 'mutation($id: ID!) { updateModelDeployment(id: $id, input: { weight: 7 }) { id } }', variables: { id: await f.deployment() } }),
  deleteModelDeployment: async (f) => ({ document: 'mutation($id: ID!) { deleteModelDeployment(id: $id) }', variables: { id: await f.deployment() } }),
  setModelRoutingStrategy: async () => ({ document: 'mutation($m: String!) { setModelRoutingStrategy(modelName: $m, strategy: "weighted") { defaultStrategy } }', variables: { m: unique('model') } }),
  createModelCost: async () => ({
    document: 'mutation($input: CreateModelCostInput!) { createModelCost(input: $input) { id } }',
    variables: { input: { model: unique('priced'), inputPerMillion: 1, outputPerMillion: 2 } },
  }),
  updateModelCost: async (f) => ({
    document: 'mutation($id: ID!) { updateModelCost(id: $id, input: { inputPerMillion: 3 }) { id } }',
    variables: { id: await f.create('createModelCost', { model: unique('priced'), inputPerMillion: 1, outputPerMillion: 2 }, 'CreateModelCostInput') },
  }),
  deleteModelCost: async (f) => ({
    document: 'mutation($id: ID!) { deleteModelCost(id: $id) }',
    variables: { id: await f.create('createModelCost', { model: unique('priced'), inputPerMillion: 1, outputPerMillion: 2 }, 'CreateModelCostInput') },
  }),
  importModelCosts: async () => ({
    document: 'mutation($data: String!) { importModelCosts(input: { format: JSON, data: $data }) { created } }',
    variables: { data: JSON.stringify([{ model: unique('imported'), inputPerMillion: 1, outputPerMillion: 2 }]) },
  }),
  createFallbackRule: async () => ({
    document: 'mutation($input: CreateFallbackRuleInput!) { createFallbackRule(input: $input) { id } }',
    variables: { input: { modelName: unique('model'), fallbacks: [unique('model')] } },
  }),
  updateFallbackRule: async (f) => ({
    document: 'mutation($id: ID!, $to: String!) { updateFallbackRule(id: $id, input: { fallbacks: [$to] }) { id } }',
    variables: { id: await f.create('createFallbackRule', { modelName: unique('model'), fallbacks: [unique('model')] }, 'CreateFallbackRuleInput'), to: unique('model') },
  }),
  deleteFallbackRule: async (f) => ({
    document: 'mutation($id: ID!) { deleteFallbackRule(id: $id) }',
    variables: { id: await f.create('createFallbackRule', { modelName: unique('model'), fallbacks: [unique('model')] }, 'CreateFallbackRuleInput') },
  }),
  updateRouterSettings: async () => ({ document: `mutation { updateRouterSettings(input: { maxRetries: ${2 + (counter++ % 3)} }) { maxRetries } }` }),
  updateLimitSettings: async () => ({ document: `mutation { updateLimitSettings(input: { defaultMaxOutputTokens: ${1000 + counter++} }) { defaultMaxOutputTokens } }` }),
  updateWebhookSettings: async () => ({ document: `mutation { updateWebhookSettings(input: { url: "http://127.0.0.1:9/hook-${counter++}", maxAttempts: 3 }) { url } }` }),
  setRequestLogRetentionDays: async () => ({ document: `mutation { setRequestLogRetentionDays(days: ${10 + counter++}) }` }),
  createKeyGroup: async () => ({ document: 'mutation($input: CreateKeyGroupInput!) { createKeyGroup(input: $input) { id } }', variables: { input: { name: unique('group') } } }),
  updateKeyGroup: async (f) => ({
    document: 'mutation($id: ID!) { updateKeyGroup(id: $id, input: { name: "renamed group" }) { id } }',
    variables: { id: await f.create('createKeyGroup', { name: unique('group') }, 'CreateKeyGroupInput') },
  }),
  deleteKeyGroup: async (f) => ({ document: 'mutation($id: ID!) { deleteKeyGroup(id: $id) }', variables: { id: await f.create('createKeyGroup', { name: unique('group') }, 'CreateKeyGroupInput') } }),
  createVirtualKey: async () => ({ document: 'mutation($input: CreateVirtualKeyInput!) { createVirtualKey(input: $input) { key } }', variables: { input: { name: unique('key') } } }),
  updateVirtualKey: async (f) => ({ document: 'mutation($id: ID!) { updateVirtualKey(id: $id, input: { rpm: 77 }) { id } }', variables: { id: await f.key() } }),
  deleteVirtualKey: async (f) => ({ document: 'mutation($id: ID!) { deleteVirtualKey(id: $id) }', variables: { id: await f.key() } }),
  createIpFilter: async () => ({
    document: 'mutation($input: CreateIpFilterInput!) { createIpFilter(input: $input) { id } }',
    variables: { input: { cidr: `10.${counter++ % 250}.0.0/16`, action: 'ALLOW' } },
  }),
  updateIpFilter: async (f) => ({
    document: 'mutation($id: ID!) { updateIpFilter(id: $id, input: { description: "changed" }) { id } }',
    variables: { id: await f.create('createIpFilter', { cidr: `10.${counter++ % 250}.0.0/16`, action: 'ALLOW' }, 'CreateIpFilterInput') },
  }),
  deleteIpFilter: async (f) => ({
    document: 'mutation($id: ID!) { deleteIpFilter(id: $id) }',
    variables: { id: await f.create('createIpFilter', { cidr: `10.${counter++ % 250}.0.0/16`, action: 'ALLOW' }, 'CreateIpFilterInput') },
  }),
  updateIpFilterSettings: async () => ({ document: `mutation { updateIpFilterSettings(input: { authFailureLimit: ${20 + counter++} }) { authFailureLimit } }` }),
  markNotificationRead: async (f) => ({ document: 'mutation($id: ID!) { markNotificationRead(id: $id) { read } }', variables: { id: await f.notification() } }),
  markAllNotificationsRead: async (f) => {
    await f.notification();
    return { document: 'mutation { markAllNotificationsRead }' };
  },
  createAdminToken: async () => ({ document: 'mutation($name: String!) { createAdminToken(input: { name: $name, role: OPERATOR }) { token } }', variables: { name: unique('token') } }),
  sendTestWebhook: async (f) => {
    await f.gateway.graphql('mutation { updateWebhookSettings(input: { url: "http://127.0.0.1:9/test-hook" }) { url } }');
    return { document: 'mutation { sendTestWebhook { ok error } }', changesNothing: true };
  },
  revokeAdminToken: async (f) => ({ document: 'mutation($id: ID!) { revokeAdminToken(id: $id) { active } }', variables: { id: await f.adminToken() } }),
};

/**
 * Mutations whose audit row is not in the change's transaction, and why. The purge deletes in small
 * batches, each committed on its own, so that it never holds the log writer's lock for long; closing
 * a realtime session ends a connection, not a row.
 */
const notAtomic: Record<string, string> = {
  purgeRequestLogs: 'deletes in batches committed one by one; its audit row follows the last batch',
  closeRealtimeSession: 'closes a live connection, which no rollback can open again; it changes no table',
  clearResponseCache: 'empties the response cache (memory or Redis), which no rollback can fill again; it changes no table',
};

/** Settings served from memory: a rolled-back change must not stay there. */
const settingsInMemory =
  '{ ipFilterSettings { authFailureLimit trustedProxies } limitSettings { defaultMaxOutputTokens } webhookSettings { url maxAttempts } routerSettings { maxRetries defaultStrategy } }';

/** Every table but the audit log, each as its rows in a stable order. */
async function snapshot(sequelize: Sequelize): Promise<Record<string, unknown[]>> {
  const tables = ((await sequelize.getQueryInterface().showAllTables()) as Array<string | { tableName: string }>)
    .map((table) => (typeof table === 'string' ? table : table.tableName))
    .filter((name) => !name.startsWith('audit_log') && !/^sequelize|migrations/i.test(name))
    .sort();
  const result: Record<string, unknown[]> = {};
  for (const table of tables) {
    const rows = await sequelize.query<Record<string, unknown>>(`SELECT * FROM ${table}`, { type: QueryTypes.SELECT, raw: true });
    result[table] = rows.map((row) => JSON.stringify(row)).sort();
  }
  return result;
}

export function adminAuditAtomicitySuite(target: DatabaseTarget): void {
  const test = suite<Context>(`audit rows in the change's transaction, for every mutation (${target.name})`);
  const schema = buildSchema();

  test.before(async (context) => {
    context.gateway = await startTestGateway({ databaseUrl: await target.freshDatabaseUrl() });
  });

  test.after(async ({ gateway }) => {
    await gateway.close();
  });

  test('every mutation of the schema has a scenario here', () => {
    const names = Object.keys(schema.getMutationType()!.getFields()).sort();
    assert.equal(names.filter((name) => !scenarios[name] && !notAtomic[name]), [], 'add a scenario for each new mutation');
  });

  for (const name of Object.keys(scenarios)) {
    test(`${name}: a failed audit write rolls the change back; a success leaves the change and its audit row`, async ({ gateway }) => {
      const sequelize = gateway.models.AuditLogRecord.sequelize!;
      const fixtures = new Fixtures(gateway);
      const operation = await scenarios[name]!(fixtures);
      const before = await snapshot(sequelize);
      const settingsBefore = await gateway.graphql(settingsInMemory);
      const auditRowsBefore = await gateway.models.AuditLogRecord.count();

      await sequelize.query('ALTER TABLE audit_log RENAME TO audit_log_away');
      let refused: GraphQLBody;
      try {
        refused = (await gateway.graphqlRaw(operation.document, operation.variables)).body;
      } finally {
        await sequelize.query('ALTER TABLE audit_log_away RENAME TO audit_log');
      }
      assert.ok(refused.errors?.length, `${name} fails when its audit row cannot be written: ${JSON.stringify(refused.data)}`);
      assert.equal(await snapshot(sequelize), before, `${name} left no change behind`);
      assert.equal(await gateway.graphql(settingsInMemory), settingsBefore, `${name} left no change in memory either`);

      const { body } = await gateway.graphqlRaw(operation.document, operation.variables);
      assert.is(body.errors, undefined, `${name}: ${JSON.stringify(body.errors)}`);
      if (operation.changesNothing) assert.equal(await snapshot(sequelize), before, `${name} changes nothing but the audit log`);
      else assert.not.equal(await snapshot(sequelize), before, `${name} changed something`);
      const rows = await gateway.models.AuditLogRecord.findAll({ where: { mutation: name } });
      assert.is(await gateway.models.AuditLogRecord.count(), auditRowsBefore + 1, 'one audit row, for the mutation that succeeded');
      assert.ok(rows.length >= 1, `${name} has its audit row`);
    });
  }

  test('a mutation that fails leaves no audit row and no change', async ({ gateway }) => {
    const fixtures = new Fixtures(gateway);
    const id = await fixtures.key();
    const sequelize = gateway.models.AuditLogRecord.sequelize!;
    const before = await snapshot(sequelize);
    const count = await gateway.models.AuditLogRecord.count();
    // Valid for the key, then refused for the group it names: the first half must not stay.
    const { body } = await gateway.graphqlRaw('mutation($id: ID!) { updateVirtualKey(id: $id, input: { rpm: 5, groupId: "no-such-group" }) { id } }', { id });
    assert.ok(body.errors?.length);
    assert.equal(await snapshot(sequelize), before);
    assert.is(await gateway.models.AuditLogRecord.count(), count);
  });

  test('closeRealtimeSession (a live connection, not a table) is audited when it closed one', async ({ gateway }) => {
    const handle = gateway.gateway.realtimeSessions.register({
      id: 'audited-session',
      virtualKeyId: 'key-1',
      virtualKeyName: 'voice app',
      model: 'gpt-realtime',
      providerId: null,
      deploymentId: null,
      startedAt: new Date(),
    });
    const count = await gateway.models.AuditLogRecord.count({ where: { mutation: 'closeRealtimeSession' } });
    await gateway.graphql('mutation { closeRealtimeSession(id: "audited-session") }');
    assert.ok(handle.signal.aborted);
    handle.end();
    assert.is(await gateway.models.AuditLogRecord.count({ where: { mutation: 'closeRealtimeSession' } }), count + 1);
  });

  test('purgeRequestLogs (batched by design) is audited once it finished', async ({ gateway }) => {
    const count = await gateway.models.AuditLogRecord.count({ where: { mutation: 'purgeRequestLogs' } });
    await gateway.graphql('mutation { purgeRequestLogs }');
    assert.is(await gateway.models.AuditLogRecord.count({ where: { mutation: 'purgeRequestLogs' } }), count + 1);
  });

  test.run();
}
