/**
 * Notifications: budgets crossing 50/80/100% (once each), keys expiring, expired or disabled, read
 * state; and the outgoing webhook: signed with HMAC-SHA256, retried with backoff, failures recorded.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startOpenAIFakeUpstream, type OpenAIFakeUpstream } from '../../../../plugins/provider-openai/test/fake-openai-upstream.ts';
import { verifyWebhook } from '../../src/engine/notifications/webhook-signature.ts';
import { countTokens } from '../../src/engine/usage/count-tokens.ts';
import type { DatabaseTarget } from '../support/database-targets.ts';
import { eventually, postChat } from '../support/limit-helpers.ts';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';

interface Delivery {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

interface Receiver {
  url: string;
  deliveries: Delivery[];
  /** Status codes to answer, in order; 200 once they run out. */
  answers: number[];
  close(): Promise<void>;
}

async function startReceiver(): Promise<Receiver> {
  const receiver = { deliveries: [] as Delivery[], answers: [] as number[] };
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      receiver.deliveries.push({ headers: request.headers, body });
      response.writeHead(receiver.answers.shift() ?? 200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    ...receiver,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/conduit`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

interface NotificationNode {
  id: string;
  kind: string;
  severity: string;
  message: string;
  virtualKeyId: string | null;
  keyGroupId: string | null;
  data: Record<string, unknown>;
  read: boolean;
  webhookState: string;
  webhookAttempts: number;
  webhookError: string | null;
}

const listQuery = `query($kind: NotificationKind, $unreadOnly: Boolean, $key: ID) {
  notifications(first: 100, kind: $kind, unreadOnly: $unreadOnly, virtualKeyId: $key) {
    edges { node { id kind severity message virtualKeyId keyGroupId data read webhookState webhookAttempts webhookError } }
  }
}`;

const secret = 'webhook-secret-0123456789';

export function notificationsSuite(target: DatabaseTarget): void {
  const test = suite<{ fake: OpenAIFakeUpstream; harness: TestGateway; receiver: Receiver }>(`notifications and webhooks (${target.name})`);

  test.before(async (context) => {
    try {
      context.fake = await startOpenAIFakeUpstream();
      context.receiver = await startReceiver();
      context.harness = await startTestGateway({ databaseUrl: await target.freshDatabaseUrl() });
      const provider = await context.harness.createOpenAIProvider('fake', context.fake);
      await context.harness.createDeployment({ modelName: 'chat', providerId: provider, providerModel: 'gpt-4o-mini' });
      await context.harness.graphql('mutation { createModelCost(input: { model: "chat", inputPerMillion: 1000000, outputPerMillion: 1000000 }) { id } }');
    } catch (error) {
      console.error(error);
      throw error;
    }
  });

  test.after(async ({ harness, fake, receiver }) => {
    await harness?.close();
    await fake?.close();
    await receiver?.close();
  });

  const list = async (harness: TestGateway, variables: Record<string, unknown> = {}): Promise<NotificationNode[]> =>
    (await harness.graphql<{ notifications: { edges: Array<{ node: NotificationNode }> } }>(listQuery, variables)).notifications.edges.map((edge) => edge.node);

  test('a budget crossing 50, 80 and 100% notifies once at each', async ({ harness, fake }) => {
    const prompt = countTokens('hi', 'gpt-4o-mini');
    const perRequest = prompt + 1;
    const { key, id } = await harness.createKey({ name: 'spender', maxBudget: perRequest * 5, budgetPeriod: 'MONTHLY' });
    for (let i = 0; i < 6; i++) fake.enqueue({ type: 'message', text: 'k', finish: 'stop', usage: { input: prompt, output: 1 } });
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await postChat(harness.url, key, { max_tokens: 1 })).status);
    assert.equal(statuses, [200, 200, 200, 200, 200, 429]);
    const found = await eventually(
      () => list(harness, { kind: 'BUDGET_THRESHOLD', key: id }),
      (nodes) => nodes.length >= 3,
    );
    const byThreshold = found.map((node) => [node.data.threshold, node.severity, node.data.period, node.virtualKeyId]).sort((a, b) => Number(a[0]) - Number(b[0]));
    assert.equal(byThreshold, [
      [50, 'INFO', 'MONTHLY', id],
      [80, 'WARNING', 'MONTHLY', id],
      [100, 'CRITICAL', 'MONTHLY', id],
    ]);
    assert.match(found.find((node) => node.data.threshold === 80)!.message, /^Virtual key 'spender' has used 80% of its monthly budget/);
    assert.match(found.find((node) => node.data.threshold === 100)!.message, /budget of virtual key 'spender' is used up/);
  });

  test('a group budget notifies for the group', async ({ harness, fake }) => {
    const prompt = countTokens('hi', 'gpt-4o-mini');
    const group = await harness.graphql<{ createKeyGroup: { id: string } }>(
      'mutation($input: CreateKeyGroupInput!) { createKeyGroup(input: $input) { id } }',
      { input: { name: 'ops', maxBudget: (prompt + 1) * 2 } },
    );
    const { key } = await harness.createKey({ groupId: group.createKeyGroup.id });
    fake.enqueue({ type: 'message', text: 'k', finish: 'stop', usage: { input: prompt, output: 1 } });
    assert.is((await postChat(harness.url, key, { max_tokens: 1 })).status, 200);
    const found = await eventually(
      async () => (await list(harness, { kind: 'BUDGET_THRESHOLD' })).filter((node) => node.keyGroupId === group.createKeyGroup.id),
      (nodes) => nodes.length >= 1,
    );
    assert.equal(found.map((node) => [node.data.threshold, node.data.scope, node.virtualKeyId]), [[50, 'group', null]]);
    assert.match(found[0]!.message, /^Key group 'ops' has used 50%/);
  });

  test('keys expiring within 7 days and expired keys are noticed once each', async ({ harness }) => {
    const soon = await harness.createKey({ name: 'soon', expiresAt: new Date(Date.now() + 3 * 86_400_000).toISOString() });
    const gone = await harness.createKey({ name: 'gone', expiresAt: new Date(Date.now() - 60_000).toISOString() });
    const later = await harness.createKey({ name: 'later', expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString() });
    await harness.gateway.services.notifications.scanKeyExpiry();
    await harness.gateway.services.notifications.scanKeyExpiry();
    const expiring = await list(harness, { kind: 'KEY_EXPIRING' });
    const expired = await list(harness, { kind: 'KEY_EXPIRED' });
    assert.equal(expiring.filter((node) => node.virtualKeyId === soon.id).length, 1);
    assert.equal(expired.filter((node) => node.virtualKeyId === gone.id).length, 1);
    assert.not.ok([...expiring, ...expired].some((node) => node.virtualKeyId === later.id));
    assert.match(expired.find((node) => node.virtualKeyId === gone.id)!.message, /^Virtual key 'gone' expired at/);
  });

  test('webhook settings: the secret is write-only, and enabling needs a URL and a secret', async ({ harness, receiver }) => {
    const missing = await harness.graphqlRaw('mutation { updateWebhookSettings(input: { enabled: true }) { enabled } }');
    assert.is(missing.body.errors?.[0]?.extensions?.field, 'input.url');
    const noSecret = await harness.graphqlRaw('mutation($url: String) { updateWebhookSettings(input: { url: $url, enabled: true }) { enabled } }', { url: receiver.url });
    assert.is(noSecret.body.errors?.[0]?.extensions?.field, 'input.secret');
    const badUrl = await harness.graphqlRaw('mutation { updateWebhookSettings(input: { url: "ftp://example.com" }) { enabled } }');
    assert.is(badUrl.body.errors?.[0]?.extensions?.field, 'input.url');
    const fields = await harness.graphql<{ __type: { fields: Array<{ name: string }> } }>('{ __type(name: "WebhookSettings") { fields { name } } }');
    assert.not.ok(fields.__type.fields.some((field) => field.name === 'secret'));
    const unchanged = await harness.graphql<{ webhookSettings: { enabled: boolean; hasSecret: boolean; url: string | null } }>('{ webhookSettings { enabled hasSecret url } }');
    assert.equal(unchanged.webhookSettings, { enabled: false, hasSecret: false, url: null }, 'refused updates changed nothing');
  });

  test('a notification is POSTed to the webhook, signed, and retried after a failure', async ({ harness, receiver }) => {
    await harness.graphql(
      'mutation($input: UpdateWebhookSettingsInput!) { updateWebhookSettings(input: $input) { enabled hasSecret } }',
      { input: { url: receiver.url, secret, enabled: true, kinds: ['KEY_DISABLED'], maxAttempts: 3, initialRetryDelayMs: 50 } },
    );
    receiver.answers.push(500);
    const { id } = await harness.createKey({ name: 'hooked' });
    await harness.graphql('mutation($id: ID!) { updateVirtualKey(id: $id, input: { enabled: false }) { id } }', { id });
    const delivered = await eventually(
      async () => (await list(harness, { kind: 'KEY_DISABLED', key: id }))[0],
      (node) => node?.webhookState === 'DELIVERED',
    );
    assert.ok(delivered, 'the disabled key was noticed');
    assert.is(delivered.webhookState, 'DELIVERED');
    assert.is(delivered.webhookAttempts, 2);
    assert.is(delivered.message, "Virtual key 'hooked' was disabled.");
    const attempts = receiver.deliveries.filter((delivery) => JSON.parse(delivery.body).id === delivered.id);
    assert.is(attempts.length, 2);
    for (const attempt of attempts) {
      const timestamp = Number(attempt.headers['x-conduit-timestamp']);
      assert.ok(verifyWebhook(secret, timestamp, attempt.body, String(attempt.headers['x-conduit-signature'])), 'signed with the secret');
      assert.is(attempt.headers['x-conduit-event'], 'KEY_DISABLED');
      assert.is(attempt.headers['content-type'], 'application/json');
    }
    const event = JSON.parse(attempts[1]!.body) as Record<string, unknown>;
    assert.equal([event.type, event.virtualKeyId, event.attempt], ['KEY_DISABLED', id, 2]);
  });

  test('a webhook that keeps failing is given up after its attempts, with the failure recorded', async ({ harness, receiver }) => {
    await harness.graphql('mutation { updateWebhookSettings(input: { maxAttempts: 2, initialRetryDelayMs: 20 }) { enabled } }');
    receiver.answers.push(503, 503);
    const { id } = await harness.createKey({ name: 'doomed' });
    await harness.graphql('mutation($id: ID!) { updateVirtualKey(id: $id, input: { enabled: false }) { id } }', { id });
    const failed = await eventually(
      async () => (await list(harness, { kind: 'KEY_DISABLED', key: id }))[0],
      (node) => node?.webhookState === 'FAILED',
    );
    assert.is(failed?.webhookState, 'FAILED');
    assert.is(failed?.webhookAttempts, 2);
    assert.is(failed?.webhookError, 'HTTP 503');
  });

  test('notifications are marked read one by one or all at once', async ({ harness }) => {
    const before = await harness.graphql<{ unreadNotificationCount: number }>('{ unreadNotificationCount }');
    assert.ok(before.unreadNotificationCount >= 3);
    const [first] = await list(harness, { unreadOnly: true });
    const marked = await harness.graphql<{ markNotificationRead: { read: boolean } }>('mutation($id: ID!) { markNotificationRead(id: $id) { read } }', { id: first!.id });
    assert.is(marked.markNotificationRead.read, true);
    assert.is((await harness.graphql<{ unreadNotificationCount: number }>('{ unreadNotificationCount }')).unreadNotificationCount, before.unreadNotificationCount - 1);
    const all = await harness.graphql<{ markAllNotificationsRead: number }>('mutation { markAllNotificationsRead }');
    assert.is(all.markAllNotificationsRead, before.unreadNotificationCount - 1);
    assert.equal(await list(harness, { unreadOnly: true }), []);
    const unknown = await harness.graphqlRaw('mutation { markNotificationRead(id: "nope") { id } }');
    assert.is(unknown.body.errors?.[0]?.extensions?.code, 'NOT_FOUND');
  });

  test('notifications page newest first with cursors', async ({ harness }) => {
    const firstPage = await harness.graphql<{ notifications: { edges: Array<{ node: { id: string } }>; pageInfo: { hasNextPage: boolean; endCursor: string } } }>(
      '{ notifications(first: 2) { edges { node { id } } pageInfo { hasNextPage endCursor } } }',
    );
    assert.is(firstPage.notifications.edges.length, 2);
    assert.ok(firstPage.notifications.pageInfo.hasNextPage);
    const secondPage = await harness.graphql<{ notifications: { edges: Array<{ node: { id: string } }> } }>(
      'query($after: String) { notifications(first: 100, after: $after) { edges { node { id } } } }',
      { after: firstPage.notifications.pageInfo.endCursor },
    );
    const all = await list(harness);
    assert.equal(
      [...firstPage.notifications.edges, ...secondPage.notifications.edges].map((edge) => edge.node.id),
      all.map((node) => node.id),
    );
  });

  test.run();
}
