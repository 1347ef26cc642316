/**
 * Circuit breakers and active health checks end to end: a breaker opens, lets one probe through
 * after its cool-down and closes; health checks are stored with history and retention and keep a
 * dead deployment out of rotation — the "done when": one dead and one healthy deployment,
 * every request served by the healthy one after the breaker opens, the dead one called only by
 * probes. Then two gateway instances sharing a database and Redis share breaker and health state.
 */
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type OpenAI from 'openai';
import { startOpenAIFakeUpstream, type OpenAIFakeUpstream } from '../../../../plugins/provider-openai/test/fake-openai-upstream.ts';
import { makeTempDir } from '../../../../test/support/make-temp-dir.ts';
import { requireBinaries } from '../../../../test/support/find-binary.ts';
import { startRedis } from '../../../../test/support/services.ts';
import { waitUntil } from '../../../../test/support/wait-until.ts';
import type { DatabaseTarget } from '../support/database-targets.ts';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';

interface Context {
  healthy: OpenAIFakeUpstream;
  dead: OpenAIFakeUpstream;
  harness: TestGateway;
  providers: { healthy: string; dead: string };
  client: OpenAI;
}

const ask = (model: string) => ({ model, messages: [{ role: 'user' as const, content: 'hi' }] });
const baseline = { defaultStrategy: 'priority', maxRetries: 0, breakerEnabled: true, breakerFailureThreshold: 5, breakerCooldownMs: 30_000, healthCheckIntervalMs: 0 };
const countPath = (fake: OpenAIFakeUpstream, prefix: string) => fake.requests().filter((request) => request.path.startsWith(prefix)).length;
const chatCalls = (fake: OpenAIFakeUpstream) => countPath(fake, '/v1/chat/completions');
const probeCalls = (fake: OpenAIFakeUpstream) => countPath(fake, '/v1/models');

/** Makes the fake fail every chat request and every health probe. */
function kill(fake: OpenAIFakeUpstream): void {
  for (let i = 0; i < 200; i++) fake.enqueue({ type: 'http-error', status: 500, message: 'dead' });
  fake.setModelsReply({ type: 'http-error', status: 503, message: 'dead' });
}

const routingQuery = 'query($id: ID!) { modelDeployment(id: $id) { routing { circuit consecutiveFailures retryAt health } } }';
type Routing = { circuit: string; consecutiveFailures: number; retryAt: string | null; health: string };
const routingOf = async (harness: TestGateway, id: string): Promise<Routing> =>
  (await harness.graphql<{ modelDeployment: { routing: Routing } }>(routingQuery, { id })).modelDeployment.routing;

export function resilienceSuite(target: DatabaseTarget): void {
  const test = suite<Context>(`circuit breaker and health checks (${target.name})`);

  const routerSettings = (harness: TestGateway, input: Record<string, unknown>) =>
    harness.graphql('mutation($input: UpdateRouterSettingsInput!) { updateRouterSettings(input: $input) { maxRetries } }', { input });
  const deploy = (context: Context, modelName: string, provider: keyof Context['providers'], priority: number) =>
    context.harness.createDeployment({ modelName, providerId: context.providers[provider], providerModel: 'gpt-4o-mini', priority });

  test.before(async (context) => {
    try {
      [context.healthy, context.dead] = await Promise.all([startOpenAIFakeUpstream(), startOpenAIFakeUpstream()]);
      context.harness = await startTestGateway({ databaseUrl: await target.freshDatabaseUrl() });
      const create = (name: string, fake: OpenAIFakeUpstream) =>
        context.harness.createOpenAIProvider(name, fake);
      context.providers = { healthy: await create('healthy', context.healthy), dead: await create('dead', context.dead) };
      context.client = context.harness.openai((await context.harness.createKey()).key);
    } catch (error) {
      console.error(error);
      throw error;
    }
  });

  test.after(async (context) => {
    await context.harness?.close();
    await Promise.all([context.healthy?.close(), context.dead?.close()]);
  });

  test.before.each(async (context) => {
    try {
      context.healthy.reset();
      context.dead.reset();
      await routerSettings(context.harness, baseline);
    } catch (error) {
      console.error(error);
      throw error;
    }
  });

  test('a breaker opens after consecutive failures, skips its deployment, lets one probe through after the cool-down, and closes', async (context) => {
    const { harness, client, dead } = context;
    const flaky = await deploy(context, 'flaky', 'dead', 0);
    await deploy(context, 'flaky', 'healthy', 1);
    await routerSettings(harness, { breakerFailureThreshold: 2, breakerCooldownMs: 400 });
    dead.enqueue({ type: 'http-error', status: 503, message: 'overloaded' });
    dead.enqueue({ type: 'http-error', status: 503, message: 'overloaded' });
    for (let i = 0; i < 2; i++) {
      const { response } = await client.chat.completions.create(ask('flaky')).withResponse();
      assert.is(response.headers.get('x-conduit-provider'), 'healthy');
    }
    const open = await routingOf(harness, flaky);
    assert.is(open.circuit, 'OPEN');
    assert.is(open.consecutiveFailures, 2);
    const retryIn = Date.parse(open.retryAt ?? '') - Date.now();
    assert.ok(retryIn > 0 && retryIn <= 400, `the breaker retries within its 400 ms cool-down (retryAt ${open.retryAt})`);

    const { response: skipped } = await client.chat.completions.create(ask('flaky')).withResponse();
    assert.is(skipped.headers.get('x-conduit-provider'), 'healthy');
    assert.is(skipped.headers.get('x-conduit-attempts'), null, 'the open deployment was not tried');
    assert.is(chatCalls(dead), 2);

    // The cool-down is a duration: nothing to await but time.
    await new Promise((resolve) => setTimeout(resolve, 450));
    const { response: probe } = await client.chat.completions.create(ask('flaky')).withResponse();
    assert.is(probe.headers.get('x-conduit-provider'), 'dead', 'the half-open probe went to the recovered deployment');
    assert.is((await routingOf(harness, flaky)).circuit, 'CLOSED');
  });

  test('done when: one dead and one healthy deployment — after the breaker opens every request is served by the healthy one, the dead one only sees probes', async (context) => {
    const { harness, client, dead, healthy } = context;
    const deadDeployment = await deploy(context, 'steady', 'dead', 0);
    await deploy(context, 'steady', 'healthy', 1);
    kill(dead);
    await routerSettings(harness, { breakerFailureThreshold: 3, breakerCooldownMs: 200, healthCheckIntervalMs: 100, healthCheckTimeoutMs: 2000 });

    const serve = async (count: number) => {
      for (let i = 0; i < count; i++) {
        const { data, response } = await client.chat.completions.create(ask('steady')).withResponse();
        assert.is(response.headers.get('x-conduit-provider'), 'healthy');
        assert.is(data.choices[0]?.message.content, 'Hello from the fake OpenAI upstream.');
      }
    };
    await serve(5);
    await waitUntil(async () => (await routingOf(harness, deadDeployment)).circuit === 'OPEN', { timeoutMs: 5000, description: 'the breaker to open' });
    const deadChatCalls = chatCalls(dead);
    assert.ok(deadChatCalls <= 3, `the dead deployment took ${deadChatCalls} requests before its breaker opened`);

    for (let round = 0; round < 3; round++) {
      await serve(10);
      // Let probes run and the cool-down pass several times over between rounds.
      await dead.waitForRequests(dead.requests().length + 3);
    }
    assert.is(chatCalls(dead), deadChatCalls, 'no request reached the dead deployment after its breaker opened');
    assert.ok(probeCalls(dead) >= 9, `the dead provider was probed ${probeCalls(dead)} times`);
    assert.is(chatCalls(healthy), 35);
    assert.is((await routingOf(harness, deadDeployment)).health, 'DOWN');

    const health = await harness.graphql<{ provider: { health: { status: string; outage: boolean; error: string } } }>(
      'query($id: ID!) { provider(id: $id) { health { status outage error } } }',
      { id: context.providers.dead },
    );
    assert.is(health.provider.health.status, 'DOWN');
    assert.is(health.provider.health.outage, true);
    assert.match(health.provider.health.error, /503/);

    // Back to life: a passing probe lets the breaker try the deployment again, and it takes traffic.
    dead.reset();
    await waitUntil(
      async () => (await client.chat.completions.create(ask('steady')).withResponse()).response.headers.get('x-conduit-provider') === 'dead',
      { timeoutMs: 5000, description: 'the recovered deployment to serve again' },
    );
    assert.is((await routingOf(harness, deadDeployment)).circuit, 'CLOSED');
    await routerSettings(harness, { healthCheckIntervalMs: 0 });
  });

  test('health checks are stored: current state, history newest first, retention', async (context) => {
    const { harness, healthy } = context;
    await deploy(context, 'watched', 'healthy', 0);
    const check = () =>
      harness.graphql<{ checkProviderHealth: { status: string; outage: boolean; latencyMs: number | null; error: string | null } }>(
        'mutation($id: ID!) { checkProviderHealth(providerId: $id) { status outage latencyMs error } }',
        { id: context.providers.healthy },
      );
    const up = await check();
    assert.is(up.checkProviderHealth.status, 'UP');
    assert.ok(up.checkProviderHealth.latencyMs !== null);
    healthy.setModelsReply({ type: 'http-error', status: 401, message: 'Incorrect API key provided' });
    const down = await check();
    assert.is(down.checkProviderHealth.status, 'DOWN');
    assert.match(down.checkProviderHealth.error!, /401/);
    assert.is(down.checkProviderHealth.outage, false, 'a refused probe is not an outage: requests may still work');
    assert.not.match(down.checkProviderHealth.error!, new RegExp(healthy.apiKey));
    healthy.setModelsReply(undefined);
    await check();

    const history = async () =>
      (
        await harness.graphql<{ providerHealthHistory: { edges: Array<{ node: { status: string; checkedAt: string } }> } }>(
          'query($id: ID!) { providerHealthHistory(providerId: $id, first: 500) { edges { node { status checkedAt } } } }',
          { id: context.providers.healthy },
        )
      ).providerHealthHistory.edges.map((edge) => edge.node);
    // A background check of the previous test may still land a row of the same status: runs compared.
    const runs = (await history()).map((row) => row.status).filter((status, index, all) => index === 0 || all[index - 1] !== status);
    assert.equal(runs.slice(0, 3), ['UP', 'DOWN', 'UP']);

    const all = await harness.graphql<{ providerHealth: Array<{ providerId: string; status: string; since: string | null }> }>(
      '{ providerHealth { providerId status since } }',
    );
    assert.is(all.providerHealth.find((row) => row.providerId === context.providers.healthy)?.status, 'UP');

    const stored = (await history()).length;
    await harness.models.ProviderHealthRecord.create({ providerId: context.providers.healthy, status: 'down', latencyMs: 1, error: 'long ago', checkedAt: new Date(Date.now() - 30 * 24 * 3_600_000) });
    assert.is((await history()).length, stored + 1);
    await routerSettings(harness, { healthRetentionHours: 24 });
    assert.is(await harness.gateway.services.providerHealth.prune(), 1);
    assert.is((await history()).length, stored, 'only the old check was deleted');
  });

  // Registered only where Redis is installed (requireBinaries prints the skip line the runner counts),
  // so that a machine without Redis does not report this test as passed.
  if (requireBinaries('redis', [['redis-server']])) test('two gateway instances sharing a database and Redis share breaker and health state', async (context) => {
    const redis = await startRedis();
    assert.ok(redis, 'redis-server was found, so it must start');
    const databaseUrl = (await target.freshDatabaseUrl()) ?? `sqlite:${path.join(makeTempDir('shared'), 'conduit.sqlite')}`;
    // Instances of one deployment share the key that encrypts provider credentials.
    const env = { REDIS_URL: redis.url, CONDUIT_ENCRYPTION_KEY: 'shared-encryption-key-0123456789' };
    const [one, two] = [await startTestGateway({ databaseUrl, env }), await startTestGateway({ databaseUrl, env })];
    try {
      const { dead, healthy } = context;
      const create = (name: string, fake: OpenAIFakeUpstream) => one.createOpenAIProvider(name, fake);
      const deadProvider = await create('dead', dead);
      const deadDeployment = await one.createDeployment({ modelName: 'shared', providerId: deadProvider, providerModel: 'gpt-4o-mini', priority: 0 });
      await one.createDeployment({ modelName: 'shared', providerId: await create('healthy', healthy), providerModel: 'gpt-4o-mini', priority: 1 });
      await routerSettings(one, { ...baseline, breakerFailureThreshold: 1, breakerCooldownMs: 60_000 });
      const key = (await one.createKey()).key;
      const [clientOne, clientTwo] = [one.openai(key), two.openai(key)];
      // The second instance applies configuration changes it hears about through Redis.
      await waitUntil(async () => (await clientTwo.chat.completions.create(ask('shared')).withResponse()).response.ok, {
        timeoutMs: 10_000,
        description: 'the second instance to serve the model',
      });
      dead.reset();
      healthy.reset();
      dead.enqueue({ type: 'http-error', status: 500, message: 'dead' });

      const { response } = await clientOne.chat.completions.create(ask('shared')).withResponse();
      assert.is(response.headers.get('x-conduit-provider'), 'healthy');
      await waitUntil(async () => (await routingOf(two, deadDeployment)).circuit === 'OPEN', {
        timeoutMs: 5000,
        description: 'the second instance to learn the breaker opened',
      });
      const { response: fromTwo } = await clientTwo.chat.completions.create(ask('shared')).withResponse();
      assert.is(fromTwo.headers.get('x-conduit-provider'), 'healthy');
      assert.is(chatCalls(dead), 1, 'the second instance skipped the dead deployment without trying it');

      dead.setModelsReply({ type: 'http-error', status: 503, message: 'dead' });
      await one.graphql('mutation($id: ID!) { checkProviderHealth(providerId: $id) { status } }', { id: deadProvider });
      await waitUntil(async () => (await routingOf(two, deadDeployment)).health === 'DOWN', {
        timeoutMs: 5000,
        description: 'the second instance to learn the provider is down',
      });
    } finally {
      await one.close();
      await two.close();
      await redis.stop();
    }
  });

  test.run();
}
