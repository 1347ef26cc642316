/**
 * Fallback models and routing strategies end to end: router settings and fallback rules over
 * GraphQL, a model served by its fallback (and by a key allowed only the requested model), a chain
 * that loops back, capability filtering of fallbacks, strategies chosen per model, and a
 * third-party strategy loaded from plugins.json.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { makeTempDir } from '../../../../test/support/make-temp-dir.ts';
import type { DatabaseTarget } from '../support/database-targets.ts';
import {
  ask,
  chatRequests,
  deploy,
  failure,
  fallback,
  logsOf,
  routerSettings,
  say,
  serverError,
  type RouterContext,
  useRouterContext,
} from '../support/router-harness.ts';
import { startTestGateway } from '../support/test-gateway.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const repositoryRoot = path.resolve(here, '../../../..');

export function fallbacksAndStrategiesSuite(target: DatabaseTarget): void {
  const test = suite<RouterContext>(`fallbacks and strategies (${target.name})`);

  useRouterContext(test, target);

  test('router settings have defaults, are updated over GraphQL, and refuse bad input naming the field', async ({ harness }) => {
    const { routerSettings: settings } = await harness.graphql<{ routerSettings: Record<string, unknown> }>(
      '{ routerSettings { defaultStrategy maxRetries availableStrategies breakerFailureThreshold healthCheckIntervalMs } }',
    );
    assert.is(settings.defaultStrategy, 'priority');
    assert.equal(settings.availableStrategies, ['least-busy', 'least-cost', 'least-latency', 'priority', 'random', 'round-robin', 'weighted']);
    const refused = async (input: Record<string, unknown>, field: string) => {
      const { body } = await harness.graphqlRaw('mutation($input: UpdateRouterSettingsInput!) { updateRouterSettings(input: $input) { maxRetries } }', { input });
      assert.is(body.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT', JSON.stringify(input));
      assert.is(body.errors?.[0]?.extensions?.field, field);
    };
    await refused({ defaultStrategy: 'fastest-please' }, 'input.defaultStrategy');
    await refused({ modelStrategies: [{ modelName: 'x', strategy: 'nope' }] }, 'input.modelStrategies.0.strategy');
    await refused({ maxRetries: -1 }, 'input.maxRetries');
    await refused({ retryBaseDelayMs: 5000, retryMaxDelayMs: 1000 }, 'input.retryBaseDelayMs');
    await refused({ healthCheckIntervalMs: 10 }, 'input.healthCheckIntervalMs');
    await refused({ breakerErrorRate: 1.5 }, 'input.breakerErrorRate');
    const after = await harness.graphql<{ routerSettings: { maxRetries: number } }>('{ routerSettings { maxRetries } }');
    assert.is(after.routerSettings.maxRetries, 0, 'refused input changed nothing');
  });

  test('fallback rules: created, listed with their chain, updated and deleted; a self-reference or a second rule is refused', async ({ harness }) => {
    const created = await harness.graphql<{ createFallbackRule: { id: string; modelName: string; fallbacks: string[] } }>(
      'mutation { createFallbackRule(input: { modelName: "rules-a", fallbacks: ["rules-b", "rules-c"] }) { id modelName fallbacks } }',
    );
    assert.equal(created.createFallbackRule.fallbacks, ['rules-b', 'rules-c']);
    await fallback(harness, 'rules-b', ['rules-a', 'rules-d']);
    const listed = await harness.graphql<{ fallbackRules: Array<{ modelName: string; chain: string[] }> }>('{ fallbackRules { modelName chain } }');
    assert.equal(listed.fallbackRules.find((rule) => rule.modelName === 'rules-a')?.chain, ['rules-a', 'rules-b', 'rules-c', 'rules-d']);

    for (const [mutation, field] of [
      ['createFallbackRule(input: { modelName: "self", fallbacks: ["self"] })', 'input.fallbacks.0'],
      ['createFallbackRule(input: { modelName: "rules-a", fallbacks: ["x"] })', 'input.modelName'],
      ['createFallbackRule(input: { modelName: "empty", fallbacks: [] })', 'input.fallbacks'],
      ['createFallbackRule(input: { modelName: "twice", fallbacks: ["x", "x"] })', 'input.fallbacks'],
    ] as const) {
      const { body } = await harness.graphqlRaw(`mutation { ${mutation} { id } }`);
      assert.is(body.errors?.[0]?.extensions?.field, field, mutation);
    }

    const id = created.createFallbackRule.id;
    const updated = await harness.graphql<{ updateFallbackRule: { fallbacks: string[] } }>(
      'mutation($id: ID!) { updateFallbackRule(id: $id, input: { fallbacks: ["rules-c"] }) { fallbacks } }',
      { id },
    );
    assert.equal(updated.updateFallbackRule.fallbacks, ['rules-c']);
    await harness.graphql('mutation($id: ID!) { deleteFallbackRule(id: $id) }', { id });
    const gone = await harness.graphql<{ fallbackRule: null }>('query($id: ID!) { fallbackRule(id: $id) { id } }', { id });
    assert.is(gone.fallbackRule, null);
  });

  test('when every deployment of a model fails, its fallback model serves; the key needs only the requested model', async (context) => {
    const { harness, primary, backup } = context;
    await deploy(context, 'fb-primary', 'primary');
    const backupDeployment = await deploy(context, 'fb-secondary', 'backup');
    await fallback(harness, 'fb-primary', ['fb-secondary']);
    const client = harness.openai((await harness.createKey({ name: 'only fb-primary', allowedModels: ['fb-primary'] })).key);
    primary.enqueue(serverError);
    backup.enqueue(say('fallback answered'));
    const { data, response } = await client.chat.completions.create(ask('fb-primary')).withResponse();
    assert.is(data.choices[0]?.message.content, 'fallback answered');
    assert.is(response.headers.get('x-conduit-deployment'), backupDeployment);
    assert.is(response.headers.get('x-conduit-attempts'), '2');
    const direct = await failure(client.chat.completions.create(ask('fb-secondary')));
    assert.is(direct.status, 403, 'asking for the fallback by name needs the key to allow it');
  });

  test('a fallback chain that loops back tries each model once, then fails', async (context) => {
    const { harness, client, primary, backup } = context;
    await deploy(context, 'loop-a', 'primary');
    await deploy(context, 'loop-b', 'backup');
    await fallback(harness, 'loop-a', ['loop-b']);
    await fallback(harness, 'loop-b', ['loop-a']);
    primary.enqueue(serverError);
    backup.enqueue(serverError);
    const refused = await failure(client.chat.completions.create(ask('loop-a')));
    assert.is(refused.status, 502);
    assert.is(chatRequests(primary), 1);
    assert.is(chatRequests(backup), 1);
    const log = (await logsOf(harness, 'loop-a'))[0];
    assert.is(log?.attempts, 2);
  });

  test('fallback models are filtered by capability too', async (context) => {
    const { harness, client, primary, backup, third } = context;
    await deploy(context, 'sees', 'primary');
    await deploy(context, 'blind', 'backup', { capabilities: { vision: false } });
    await deploy(context, 'sees-too', 'third');
    await fallback(harness, 'sees', ['blind', 'sees-too']);
    primary.enqueue(serverError);
    third.enqueue(say('I see a pixel'));
    const { data } = await client.chat.completions
      .create({
        model: 'sees',
        messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } }] }],
      })
      .withResponse();
    assert.is(data.choices[0]?.message.content, 'I see a pixel');
    assert.is(chatRequests(backup), 0, 'the blind fallback was skipped');
  });

  test('the strategy is chosen per model over GraphQL: round-robin takes turns, least-cost takes the cheaper', async (context) => {
    const { harness, client } = context;
    const first = await deploy(context, 'turns', 'primary');
    const second = await deploy(context, 'turns', 'backup');
    await harness.graphql('mutation { setModelRoutingStrategy(modelName: "turns", strategy: "round-robin") { defaultStrategy } }');
    const served: string[] = [];
    for (let i = 0; i < 4; i++) {
      const { response } = await client.chat.completions.create(ask('turns')).withResponse();
      served.push(response.headers.get('x-conduit-deployment')!);
    }
    assert.equal(served, [first, second, first, second]);

    await deploy(context, 'thrifty', 'primary', { providerModel: 'gpt-4o' });
    const cheap = await deploy(context, 'thrifty', 'backup', { providerModel: 'gpt-4o-mini' });
    await harness.graphql('mutation { createModelCost(input: { model: "gpt-4o", inputPerMillion: 2.5, outputPerMillion: 10 }) { id } }');
    await harness.graphql('mutation { createModelCost(input: { model: "gpt-4o-mini", inputPerMillion: 0.15, outputPerMillion: 0.6 }) { id } }');
    await harness.graphql('mutation { setModelRoutingStrategy(modelName: "thrifty", strategy: "least-cost") { defaultStrategy } }');
    for (let i = 0; i < 3; i++) {
      const { response } = await client.chat.completions.create(ask('thrifty')).withResponse();
      assert.is(response.headers.get('x-conduit-deployment'), cheap);
    }
    const { body } = await harness.graphqlRaw('mutation { setModelRoutingStrategy(modelName: "thrifty", strategy: "psychic") { defaultStrategy } }');
    assert.is(body.errors?.[0]?.extensions?.field, 'strategy');
  });

  test('a third-party strategy listed in plugins.json is selectable like the built-ins', async ({ primary, backup }) => {
    const dir = makeTempDir('plugins');
    const pluginsFile = path.join(dir, 'plugins.json');
    writeFileSync(
      pluginsFile,
      JSON.stringify({
        plugins: [{ module: path.join(repositoryRoot, 'plugins/provider-openai') }, { module: path.join(here, '../fixtures/routing-last-first.ts') }],
      }),
    );
    const harness = await startTestGateway({ databaseUrl: await target.freshDatabaseUrl(), env: { CONDUIT_PLUGINS: pluginsFile } });
    try {
      const plugins = await harness.graphql<{ plugins: Array<{ name: string; kind: string }> }>('{ plugins { name kind } }');
      assert.ok(plugins.plugins.some((plugin) => plugin.name === 'last-first' && plugin.kind === 'routing-strategy'));
      const one = await harness.createOpenAIProvider('one', primary);
      const two = await harness.createOpenAIProvider('two', backup);
      await harness.createDeployment({ modelName: 'm', providerId: one, providerModel: 'gpt-4o-mini' });
      const last = await harness.createDeployment({ modelName: 'm', providerId: two, providerModel: 'gpt-4o-mini' });
      await routerSettings(harness, { defaultStrategy: 'last-first' });
      const client = harness.openai((await harness.createKey()).key);
      for (let i = 0; i < 3; i++) {
        const { response } = await client.chat.completions.create(ask('m')).withResponse();
        assert.is(response.headers.get('x-conduit-deployment'), last);
      }
    } finally {
      await harness.close();
    }
  });

  test.run();
}
