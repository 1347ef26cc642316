/**
 * An admin mutation that waits on the outside (checkProviderHealth against a provider that answers its
 * probe slowly, sendTestWebhook to a slow receiver) does not hold its transaction, the SQLite write
 * lock, while it waits: the request-log writer and another admin mutation write in the meantime, and
 * what the mutation stores still commits with its audit row.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startOpenAIFakeUpstream } from '../../../../plugins/provider-openai/test/fake-openai-upstream.ts';
import { startTestGateway } from '../support/test-gateway.ts';

const probeDelayMs = 3_000;

// The log is flushed by hand here, to time the write.
const harness = await startTestGateway({ start: { logFlushIntervalMs: 60_000 } });
const fast = await startOpenAIFakeUpstream();
const slow = await startOpenAIFakeUpstream();
test.after(async () => {
  await harness.close();
  await fast.close();
  await slow.close();
});

const checkHealth = 'mutation($id: ID!) { checkProviderHealth(providerId: $id) { status latencyMs } }';

async function probeArrived(): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!slow.requests().some((request) => request.path === '/v1/models')) {
    if (Date.now() > deadline) throw new Error('the health probe never reached the slow provider');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

test('while a provider answers its probe slowly, the request log and other admin mutations are written', async () => {
  const fastProvider = await harness.createOpenAIProvider('fast', fast);
  await harness.createDeployment({ modelName: 'chat', providerId: fastProvider, providerModel: 'gpt-4o-mini' });
  // No deployment: the background checker leaves it alone, only the check on demand probes it.
  const slowProvider = await harness.createOpenAIProvider('slow', slow);
  const { key } = await harness.createKey({ name: 'client' });
  slow.setDelay(probeDelayMs);

  let checkSettled = false;
  const check = harness.graphqlRaw(checkHealth, { id: slowProvider }).finally(() => (checkSettled = true));
  await probeArrived();

  const logged = await harness.models.RequestLogRecord.count();
  await harness.openai(key).chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'hello' }] });
  const flush = await timed(() => harness.gateway.logWriter.flush());
  const mutation = await timed(() => harness.createKey({ name: 'made while the probe waits' }));
  assert.not.ok(checkSettled, 'the probe is still waiting');
  assert.ok(flush.ms < probeDelayMs / 3, `the request log was written in ${Math.round(flush.ms)} ms, not after the probe`);
  assert.ok(mutation.ms < probeDelayMs / 3, `another mutation committed in ${Math.round(mutation.ms)} ms, not after the probe`);
  assert.is(await harness.models.RequestLogRecord.count(), logged + 1, 'the request is in the log');

  const { body } = await check;
  assert.is(body.errors, undefined, JSON.stringify(body.errors));
  const found = (body.data as { checkProviderHealth: { status: string; latencyMs: number } }).checkProviderHealth;
  assert.is(found.status, 'UP');
  assert.ok(found.latencyMs >= probeDelayMs - 100, 'the probe did wait for the slow answer');
  assert.is(await harness.models.ProviderHealthRecord.count({ where: { providerId: slowProvider } }), 1, 'the finding is stored');
  assert.is(await harness.models.AuditLogRecord.count({ where: { mutation: 'checkProviderHealth', entityId: slowProvider } }), 1, 'and audited');
});

test('while a webhook receiver answers the test send slowly, other admin mutations are written', async () => {
  let received!: () => void;
  const arrived = new Promise<void>((resolve) => (received = resolve));
  const receiver = createServer((request, response) => {
    request.resume();
    received();
    setTimeout(() => response.writeHead(204).end(), probeDelayMs);
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  try {
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    await harness.graphql('mutation($input: UpdateWebhookSettingsInput!) { updateWebhookSettings(input: $input) { url } }', {
      input: { url, timeoutMs: probeDelayMs * 2 },
    });
    let sendSettled = false;
    const send = harness.graphqlRaw('mutation { sendTestWebhook { ok statusCode latencyMs } }').finally(() => (sendSettled = true));
    await arrived;
    const mutation = await timed(() => harness.createKey({ name: 'made while the receiver waits' }));
    const flush = await timed(() => harness.gateway.logWriter.flush());
    assert.not.ok(sendSettled, 'the receiver has not answered yet');
    assert.ok(mutation.ms < probeDelayMs / 3, `another mutation committed in ${Math.round(mutation.ms)} ms, not after the receiver answered`);
    assert.ok(flush.ms < probeDelayMs / 3, `the request log was written in ${Math.round(flush.ms)} ms`);
    const { body } = await send;
    assert.is(body.errors, undefined, JSON.stringify(body.errors));
    const sent = (body.data as { sendTestWebhook: { ok: boolean; statusCode: number; latencyMs: number } }).sendTestWebhook;
    assert.is(sent.ok, true);
    assert.is(sent.statusCode, 204);
    assert.ok(sent.latencyMs >= probeDelayMs - 100, 'the send did wait for the slow answer');
    assert.is(await harness.models.AuditLogRecord.count({ where: { mutation: 'sendTestWebhook' } }), 1, 'audited');
  } finally {
    receiver.closeAllConnections();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  }
});

test.run();
