/**
 * A notification raised inside an admin mutation (disabling a key raises KEY_DISABLED) is stored in
 * the mutation's transaction and announced on `notificationCreated` only once that committed: a
 * mutation that rolls back (here its audit row cannot be written) announces nothing.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startTestGateway, testMasterKey } from '../support/test-gateway.ts';
import { sseSubscribe } from '../support/admin-subscribers.ts';

const harness = await startTestGateway();
test.after(() => harness.close());

const disable = 'mutation($id: ID!) { updateVirtualKey(id: $id, input: { enabled: false }) { id enabled } }';
interface Created {
  notificationCreated: { id: string; kind: string; virtualKeyId: string | null };
}

async function waitForSubscribers(count: number): Promise<void> {
  const deadline = Date.now() + 5000;
  while (harness.gateway.liveSubscriptions.open < count) {
    if (Date.now() > deadline) throw new Error(`fewer than ${count} subscriptions opened`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

test('a rolled-back mutation announces no notification; a committed one announces its stored notification', async () => {
  const rolledBack = await harness.createKey({ name: 'disabled in a rolled-back mutation' });
  const committed = await harness.createKey({ name: 'disabled for real' });
  const subscriber = sseSubscribe<Created>(harness.url, `Bearer ${testMasterKey}`, 'subscription { notificationCreated { id kind virtualKeyId } }');
  await waitForSubscribers(1);

  const sequelize = harness.models.AuditLogRecord.sequelize!;
  await sequelize.query('ALTER TABLE audit_log RENAME TO audit_log_away');
  let refused;
  try {
    refused = (await harness.graphqlRaw(disable, { id: rolledBack.id })).body;
  } finally {
    await sequelize.query('ALTER TABLE audit_log_away RENAME TO audit_log');
  }
  assert.ok(refused.errors?.length, 'the mutation failed');
  assert.is((await harness.models.VirtualKeyRecord.findByPk(rolledBack.id))!.enabled, true, 'the key is still enabled');
  assert.is(await harness.models.NotificationRecord.count({ where: { virtualKeyId: rolledBack.id } }), 0, 'its notification was rolled back');

  await harness.graphql(disable, { id: committed.id });
  // Events arrive in order: had the rolled-back one been announced, it would come first.
  const first = await subscriber.next();
  assert.equal(first.data?.notificationCreated.virtualKeyId, committed.id, `the first announcement is the committed one: ${JSON.stringify(subscriber.results)}`);
  assert.is(first.data?.notificationCreated.kind, 'KEY_DISABLED');
  const stored = await harness.models.NotificationRecord.findByPk(first.data!.notificationCreated.id);
  assert.is(stored?.virtualKeyId, committed.id, 'what was announced is stored');
  await subscriber.stop();
});

test.run();
