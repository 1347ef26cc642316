/**
 * Every error a /v1 client can meet, in OpenAI's error format with the right status, driven with
 * the official SDK (and raw HTTP where the SDK cannot send the bad input).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import OpenAI from 'openai';
import { startOpenAIFakeUpstream, type OpenAIFakeUpstream } from '../../../../plugins/provider-openai/test/fake-openai-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';
import type { DatabaseTarget } from '../support/database-targets.ts';

interface Context {
  fake: OpenAIFakeUpstream;
  harness: TestGateway;
  key: string;
  keyId: string;
  client: OpenAI;
  deploymentId: string;
}

const chat = { model: 'chat', messages: [{ role: 'user' as const, content: 'hi' }] };

async function failure(promise: Promise<unknown>): Promise<InstanceType<typeof OpenAI.APIError>> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof OpenAI.APIError) return error;
    throw error;
  }
  throw new Error('expected the request to fail');
}

async function post(harness: TestGateway, path: string, body: string, key: string): Promise<{ status: number; body: Record<string, any> }> {
  const response = await fetch(`${harness.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body,
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

export function errorsSuite(target: DatabaseTarget): void {
  const test = suite<Context>(`/v1 errors (${target.name})`);

  test.before(async (context) => {
    try {
      context.fake = await startOpenAIFakeUpstream();
      context.harness = await startTestGateway({ databaseUrl: await target.freshDatabaseUrl(), env: { CONDUIT_BODY_LIMIT_MB: '1', CONDUIT_METRICS_TOKEN: 'metrics-token-123' } });
      const { harness, fake } = context;
      const provider = await harness.createOpenAIProvider('upstream-one', fake);
      context.deploymentId = await harness.createDeployment({ modelName: 'chat', providerId: provider, providerModel: 'gpt-4o-mini', timeouts: { firstByteMs: 1000 } });
      await harness.createDeployment({ modelName: 'embed-only', providerId: provider, providerModel: 'text-embedding-3-small' });
      await harness.createDeployment({ modelName: 'switchable', providerId: provider, providerModel: 'gpt-4o-mini' });
      const key = await harness.createKey();
      context.key = key.key;
      context.keyId = key.id;
      context.client = harness.openai(key.key);
    } catch (error) {
      console.error(error);
      throw error;
    }
  });

  test.after(async ({ harness, fake }) => {
    await harness?.close();
    await fake?.close();
  });

  test.before.each(({ fake }) => fake.reset());

  test('401 without a key, with an unknown key, and for a disabled or expired key', async ({ harness, key, keyId }) => {
    const missing = await fetch(`${harness.url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify(chat) });
    assert.is(missing.status, 401);
    assert.is(((await missing.json()) as { error: { code: string } }).error.code, 'missing_api_key');
    const unknown = await failure(harness.openai('ck-not-a-real-key').chat.completions.create(chat));
    assert.is(unknown.status, 401);
    assert.is(unknown.code, 'invalid_api_key');

    for (const header of ['api-key', 'x-api-key']) {
      const response = await fetch(`${harness.url}/v1/models`, { headers: { [header]: key } });
      assert.is(response.status, 200, `${header} header is accepted`);
    }

    const disabled = await harness.createKey({ name: 'to disable' });
    await harness.openai(disabled.key).models.list();
    await harness.graphql('mutation($id: ID!) { updateVirtualKey(id: $id, input: { enabled: false }) { id } }', { id: disabled.id });
    const refused = await failure(harness.openai(disabled.key).chat.completions.create(chat));
    assert.is(refused.status, 401);
    assert.is(refused.code, 'key_disabled');

    const expired = await harness.createKey({ name: 'expired', expiresAt: new Date(Date.now() - 1000).toISOString() });
    const late = await failure(harness.openai(expired.key).chat.completions.create(chat));
    assert.is(late.status, 401);
    assert.is(late.code, 'key_expired');
    void keyId;
  });

  test('403 for a model the key may not use; wildcards allow prefixes', async ({ harness }) => {
    const limited = await harness.createKey({ name: 'limited', allowedModels: ['embed*'] });
    const client = harness.openai(limited.key);
    const refused = await failure(client.chat.completions.create(chat));
    assert.is(refused.status, 403);
    assert.is(refused.code, 'model_not_allowed');
    const models = [];
    for await (const model of client.models.list()) models.push(model.id);
    assert.equal(models, ['embed-only']);
    const hidden = await failure(client.models.retrieve('chat'));
    assert.is(hidden.status, 404);
  });

  test('404 for an unknown model and an unknown URL', async ({ client, harness, key }) => {
    const unknown = await failure(client.chat.completions.create({ ...chat, model: 'no-such-model' }));
    assert.is(unknown.status, 404);
    assert.is(unknown.code, 'model_not_found');
    assert.is((unknown.error as { param?: string }).param, 'model');
    const url = await post(harness, '/v1/no/such/route', '{}', key);
    assert.is(url.status, 404);
    assert.is(url.body.error.type, 'invalid_request_error');
  });

  test('400 names the invalid field; malformed JSON and non-objects are refused', async ({ client, harness, key }) => {
    const missing = await failure(client.chat.completions.create({ model: 'chat' } as never));
    assert.is(missing.status, 400);
    assert.is((missing.error as { param?: string }).param, 'messages');

    const range = await failure(client.chat.completions.create({ ...chat, temperature: 7 }));
    assert.is(range.status, 400);
    assert.is((range.error as { param?: string }).param, 'temperature');

    const role = await post(harness, '/v1/chat/completions', JSON.stringify({ model: 'chat', messages: [{ role: 'robot', content: 'x' }] }), key);
    assert.is(role.status, 400);
    assert.match(role.body.error.param, /^messages\[0\]/);

    // OpenAI answers these with code null, and so does the README.
    for (const body of ['{"model": "chat", "messages": [', 'a=b', '[1,2,3]', '[]', '"text"', 'null', '']) {
      const response = await post(harness, '/v1/chat/completions', body, key);
      assert.is(response.status, 400, `body ${JSON.stringify(body)}`);
      assert.is(response.body.error.type, 'invalid_request_error');
      assert.is(response.body.error.code, null, `body ${JSON.stringify(body)}: code`);
    }
  });

  test('413 for a body over the limit', async ({ harness, key }) => {
    const huge = JSON.stringify({ model: 'chat', messages: [{ role: 'user', content: 'x'.repeat(2 * 1024 * 1024) }] });
    const response = await post(harness, '/v1/chat/completions', huge, key);
    assert.is(response.status, 413);
    assert.is(response.body.error.code, 'request_too_large');
  });

  test('400 when the model lacks a capability the request needs', async ({ client }) => {
    const refused = await failure(client.chat.completions.create({ ...chat, model: 'embed-only' }));
    assert.is(refused.status, 400);
    assert.is(refused.code, 'unsupported_capability');
  });

  test('upstream failures become 502/429/504 naming the provider, never leaking its key', async ({ client, fake }) => {
    fake.enqueue({ type: 'http-error', status: 500, message: 'internal failure' });
    const server = await failure(client.chat.completions.create(chat));
    assert.is(server.status, 502);
    assert.match(server.message, /upstream-one/);
    assert.not.match(server.message, new RegExp(fake.provider.credentials.apiKey!));

    fake.enqueue({ type: 'http-error', status: 401, message: `Incorrect API key provided: ${fake.provider.credentials.apiKey}` });
    const auth = await failure(client.chat.completions.create(chat));
    assert.is(auth.status, 502);
    assert.not.match(JSON.stringify(auth.error), new RegExp(fake.provider.credentials.apiKey!));

    fake.enqueue({ type: 'http-error', status: 429, message: 'slow down', retryAfterSeconds: 7 });
    const limited = await failure(client.chat.completions.create(chat));
    assert.is(limited.status, 429);
    assert.is(limited.headers?.get('retry-after'), '7');

    fake.setDelay(3000);
    const timeout = await failure(client.chat.completions.create(chat));
    assert.is(timeout.status, 504);
    fake.setDelay(0);
  });

  test('configuration changes apply to the next request without a restart', async ({ client, harness }) => {
    const deployments = await harness.graphql<{ modelDeployments: Array<{ id: string }> }>('{ modelDeployments(modelName: "switchable") { id } }');
    const id = deployments.modelDeployments[0]!.id;
    await client.chat.completions.create({ ...chat, model: 'switchable' });
    await harness.graphql('mutation($id: ID!) { updateModelDeployment(id: $id, input: { enabled: false }) { id } }', { id });
    const gone = await failure(client.chat.completions.create({ ...chat, model: 'switchable' }));
    assert.is(gone.status, 404);
    await harness.graphql('mutation($id: ID!) { updateModelDeployment(id: $id, input: { enabled: true }) { id } }', { id });
    await client.chat.completions.create({ ...chat, model: 'switchable' });
  });

  test('/metrics refuses a scraper without its token', async ({ harness }) => {
    assert.is((await fetch(`${harness.url}/metrics`)).status, 401);
    assert.is((await fetch(`${harness.url}/metrics`, { headers: { authorization: 'Bearer wrong-token-1' } })).status, 401);
    const ok = await fetch(`${harness.url}/metrics`, { headers: { authorization: 'Bearer metrics-token-123' } });
    assert.is(ok.status, 200);
  });

  test('garbage never crashes the gateway', async ({ harness, key }) => {
    const bodies = [
      { model: 42, messages: [] },
      { model: 'chat', messages: 'hello' },
      { model: 'chat', messages: [{ role: 'user', content: [{ type: 'image_url' }] }] },
      { model: 'chat', messages: [{ role: 'user', content: 'x' }], tools: [{ type: 'function', function: { name: 'bad name!' } }] },
      { model: 'chat', messages: [{ role: 'user', content: 'x' }], stream: 'yes' },
      { model: 'embed-only', input: [] },
    ];
    for (const body of bodies) {
      const path = 'input' in body ? '/v1/embeddings' : '/v1/chat/completions';
      const response = await post(harness, path, JSON.stringify(body), key);
      assert.is(response.status, 400, JSON.stringify(body));
    }
    const health = await fetch(`${harness.url}/health/live`);
    assert.is(health.status, 200);
  });

  test.run();
}
