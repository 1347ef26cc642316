/**
 * Admin tokens and roles against a real gateway: the role matrix walked over every query and mutation
 * of the schema, token lifecycle (shown once, stored hashed, revoked, expired), and the audit log:
 * a row for every mutation that succeeded, secrets as "set", the auditLogged subscription.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { buildSchema } from '../../src/adapters/graphql/schema.ts';
import { mutationPolicy } from '../../src/adapters/graphql/mutation-policy.ts';
import type { DatabaseTarget } from '../support/database-targets.ts';
import { startTestGateway, testMasterKey, type GraphQLBody, type TestGateway } from '../support/test-gateway.ts';
import { rootOperations } from '../support/graphql-operations.ts';
import { wsSubscriber } from '../support/admin-subscribers.ts';

interface Context {
  gateway: TestGateway;
  tokens: Record<'VIEWER' | 'OPERATOR' | 'ADMIN', { token: string; id: string }>;
}

const schema = buildSchema();
export function adminRolesAndAuditSuite(target: DatabaseTarget): void {
  const test = suite<Context>(`admin tokens, roles and the audit log (${target.name})`);

  async function createToken(gateway: TestGateway, role: string, name = `${role.toLowerCase()} token`, credential = testMasterKey) {
    const { body } = await gateway.graphqlRaw(
      'mutation($input: CreateAdminTokenInput!) { createAdminToken(input: $input) { token adminToken { id role prefix active } } }',
      { input: { name, role } },
      credential,
    );
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    const created = (body.data as { createAdminToken: { token: string; adminToken: { id: string; role: string; prefix: string; active: boolean } } }).createAdminToken;
    return { token: created.token, id: created.adminToken.id, adminToken: created.adminToken };
  }

  test.before(async (context) => {
    context.gateway = await startTestGateway({ databaseUrl: await target.freshDatabaseUrl() });
    context.tokens = {
      VIEWER: await createToken(context.gateway, 'VIEWER'),
      OPERATOR: await createToken(context.gateway, 'OPERATOR'),
      ADMIN: await createToken(context.gateway, 'ADMIN'),
    };
  });

  test.after(async ({ gateway }) => {
    await gateway.close();
  });

  test('a token is shown once and stored only as a hash and a prefix', async ({ gateway, tokens }) => {
    const row = await gateway.models.AdminTokenRecord.findByPk(tokens.ADMIN.id);
    assert.ok(row);
    assert.match(tokens.ADMIN.token, /^cat-[A-Za-z0-9_-]{43}$/);
    assert.ok(!JSON.stringify(row.toJSON()).includes(tokens.ADMIN.token.slice(4)), 'the clear token is not stored');
    assert.is(row.tokenPrefix, tokens.ADMIN.token.slice(0, 10));
  });

  test('me names the credential: master, or the token with its role', async ({ gateway, tokens }) => {
    const master = await gateway.graphqlRaw('{ me { tokenId name role } }');
    assert.equal(master.body.data, { me: { tokenId: 'master', name: 'master key', role: 'ADMIN' } });
    const viewer = await gateway.graphqlRaw('{ me { tokenId name role } }', undefined, tokens.VIEWER.token);
    assert.equal(viewer.body.data, { me: { tokenId: tokens.VIEWER.id, name: 'viewer token', role: 'VIEWER' } });
  });

  test('a VIEWER reads every query of the schema', async ({ gateway, tokens }) => {
    for (const operation of rootOperations(schema, 'query')) {
      if (operation.requiredArgs) continue;
      const { status, body } = await gateway.graphqlRaw(operation.document, undefined, tokens.VIEWER.token);
      assert.is(status, 200, operation.name);
      assert.is(body.errors, undefined, `${operation.name}: ${JSON.stringify(body.errors)}`);
    }
  });

  test('the role matrix: every mutation is FORBIDDEN below its rule and passes the guard at or above it', async ({ gateway, tokens }) => {
    const codeOf = (body: GraphQLBody): string | undefined => body.errors?.[0]?.extensions?.code as string | undefined;
    for (const operation of rootOperations(schema, 'mutation')) {
      // Revoking a token would end the credentials this walk uses; it has its own test.
      if (operation.name === 'revokeAdminToken') continue;
      const rule = mutationPolicy[operation.name]!;
      for (const role of ['VIEWER', 'OPERATOR', 'ADMIN'] as const) {
        const { body } = await gateway.graphqlRaw(operation.document, undefined, tokens[role].token);
        const allowed = role === 'ADMIN' || (role === 'OPERATOR' && rule.role === 'OPERATOR');
        if (allowed) assert.is.not(codeOf(body), 'FORBIDDEN', `${role} may run ${operation.name}: ${JSON.stringify(body.errors)}`);
        else {
          assert.is(codeOf(body), 'FORBIDDEN', `${role} may not run ${operation.name}`);
          assert.match(body.errors![0]!.message, new RegExp(`${operation.name} needs the ${rule.role} role`));
        }
      }
    }
  });

  test('a revoked token and an expired token are refused with 401, over HTTP and graphql-ws', async ({ gateway }) => {
    const revoked = await createToken(gateway, 'ADMIN', 'to revoke');
    const expired = await createToken(gateway, 'ADMIN', 'to expire');
    assert.is((await gateway.graphqlRaw('{ me { role } }', undefined, revoked.token)).status, 200);
    const { body } = await gateway.graphqlRaw('mutation($id: ID!) { revokeAdminToken(id: $id) { active revokedAt } }', { id: revoked.id });
    assert.is((body.data as { revokeAdminToken: { active: boolean } }).revokeAdminToken.active, false);
    await gateway.models.AdminTokenRecord.update({ expiresAt: new Date(Date.now() - 1000) }, { where: { id: expired.id } });
    for (const token of [revoked.token, expired.token]) {
      assert.is((await gateway.graphqlRaw('{ me { role } }', undefined, token)).status, 401);
      const ws = wsSubscriber(gateway.url, `Bearer ${token}`);
      assert.is((await ws.closed).code, 4401);
      await ws.dispose();
    }
  });

  test('a VIEWER may subscribe over graphql-ws', async ({ gateway, tokens }) => {
    const ws = wsSubscriber(gateway.url, `Bearer ${tokens.VIEWER.token}`);
    await ws.connected;
    await ws.dispose();
  });

  test('createAdminToken refuses an expiry in the past with the field named', async ({ gateway }) => {
    const { body } = await gateway.graphqlRaw('mutation { createAdminToken(input: { name: "x", role: VIEWER, expiresAt: "2001-01-01T00:00:00Z" }) { token } }');
    assert.is(body.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
    assert.match(body.errors![0]!.message, /expiresAt: must be in the future/);
  });

  test('every mutation that succeeded has its audit row; no failed one has', async ({ gateway, tokens }) => {
    await gateway.models.AuditLogRecord.destroy({ where: {} });
    const succeeded: string[] = [];
    const failed: string[] = [];
    for (const operation of rootOperations(schema, 'mutation')) {
      if (operation.name === 'revokeAdminToken') continue;
      const { body } = await gateway.graphqlRaw(operation.document, undefined, tokens.ADMIN.token);
      (body.errors ? failed : succeeded).push(operation.name);
    }
    const rows = await gateway.models.AuditLogRecord.findAll();
    assert.equal(rows.map((row) => row.mutation).sort(), [...succeeded].sort());
    for (const row of rows) {
      assert.is(row.actorId, tokens.ADMIN.id);
      assert.is(row.actorName, 'admin token');
      assert.is(row.entity, mutationPolicy[row.mutation]!.entity);
      assert.is(row.clientIp, '127.0.0.1');
    }
    assert.ok(succeeded.length >= 5, `some mutations succeed with minimal arguments: ${succeeded.join(', ')}`);
  });

  test('audit rows name actor, entity, id and fields, with secrets as "set"; auditLog pages and filters; auditLogged streams', async ({ gateway, tokens }) => {
    const ws = wsSubscriber(gateway.url, `Bearer ${tokens.VIEWER.token}`);
    const live = ws.subscribe<{ auditLogged: { mutation: string; entityId: string; fields: Record<string, unknown> } }>(
      'subscription { auditLogged { mutation entityId actorId fields } }',
    );
    await ws.connected;
    const deadline = Date.now() + 5000;
    while (gateway.gateway.liveSubscriptions.open < 1 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));

    const secret = 'sk-very-secret-upstream-key-123456';
    const created = await gateway.graphqlRaw(
      'mutation($input: CreateProviderInput!) { createProvider(input: $input) { id } }',
      { input: { name: 'audited', type: 'openai', baseUrl: 'http://127.0.0.1:9/v1', apiKey: secret } },
      tokens.ADMIN.token,
    );
    const providerId = (created.body.data as { createProvider: { id: string } }).createProvider.id;
    await gateway.graphqlRaw('mutation($id: ID!) { deleteProvider(id: $id) }', { id: providerId }, tokens.ADMIN.token).catch(() => undefined);

    const event = await live.next((result) => result.data?.auditLogged.mutation === 'createProvider');
    assert.is(event.data!.auditLogged.entityId, providerId);
    assert.is((event.data!.auditLogged.fields.input as Record<string, unknown>).apiKey, 'set');

    const { body } = await gateway.graphqlRaw(
      'query($actor: String) { auditLog(first: 1, entity: "provider", actorId: $actor) { edges { cursor node { mutation entity entityId action actorId actorRole fields clientIp createdAt } } pageInfo { hasNextPage endCursor } } }',
      { actor: tokens.ADMIN.id },
      tokens.VIEWER.token,
    );
    const log = (body.data as { auditLog: { edges: Array<{ node: Record<string, unknown> }>; pageInfo: { hasNextPage: boolean; endCursor: string } } }).auditLog;
    assert.is(log.edges.length, 1);
    assert.ok(!JSON.stringify(body).includes(secret), 'the secret never appears');
    const newest = log.edges[0]!.node;
    assert.is(newest.entity, 'provider');
    assert.is(newest.actorRole, 'ADMIN');
    const next = await gateway.graphqlRaw(
      'query($after: String) { auditLog(first: 5, entity: "provider", after: $after) { edges { node { mutation entityId } } } }',
      { after: log.pageInfo.endCursor },
    );
    const older = (next.body.data as { auditLog: { edges: Array<{ node: { mutation: string; entityId: string } }> } }).auditLog.edges.map((edge) => edge.node);
    assert.ok(older.some((node) => node.mutation === 'createProvider' && node.entityId === providerId), JSON.stringify({ newest, older }));
    await ws.dispose();
  });

  test('a mutation that writes in a transaction writes its audit row in it: no audit row, no change', async ({ gateway }) => {
    const created = await gateway.graphql<{ createKeyGroup: { id: string } }>('mutation { createKeyGroup(input: { name: "audited in a transaction" }) { id } }');
    const id = created.createKeyGroup.id;
    const sequelize = gateway.models.AuditLogRecord.sequelize!;
    // The audit table goes away for a moment, so writing the row fails inside the delete's transaction.
    await sequelize.query('ALTER TABLE audit_log RENAME TO audit_log_away');
    let refused: GraphQLBody;
    try {
      refused = (await gateway.graphqlRaw('mutation($id: ID!) { deleteKeyGroup(id: $id) }', { id })).body;
    } finally {
      await sequelize.query('ALTER TABLE audit_log_away RENAME TO audit_log');
    }
    assert.ok(refused.errors, 'the mutation failed');
    const still = await gateway.graphql<{ keyGroup: { id: string } | null }>('query($id: ID!) { keyGroup(id: $id) { id } }', { id });
    assert.is(still.keyGroup?.id, id, 'the group was not deleted');

    await gateway.graphql('mutation($id: ID!) { deleteKeyGroup(id: $id) }', { id });
    const rows = await gateway.models.AuditLogRecord.findAll({ where: { mutation: 'deleteKeyGroup', entityId: id } });
    assert.is(rows.length, 1, 'written once, with the change');
  });

  test.run();
}
