/**
 * Provider settings are judged by their plugin's schemas (and its create()) when saved — refused with
 * an error naming the field — and stored records that fail the same judgement report it as `problem`.
 * Registered once per database target.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';
import type { DatabaseTarget } from '../support/database-targets.ts';

const create = 'mutation($input: CreateProviderInput!) { createProvider(input: $input) { id problem } }';
const update = 'mutation($id: ID!, $input: UpdateProviderInput!) { updateProvider(id: $id, input: $input) { id problem } }';

export function providerValidationSuite(target: DatabaseTarget): void {
  const test = suite<{ harness: TestGateway }>(`provider settings validation (${target.name})`);

  test.before(async (context) => {
    try {
      context.harness = await startTestGateway({ databaseUrl: await target.freshDatabaseUrl() });
    } catch (error) {
      console.error(error);
      throw error;
    }
  });
  test.after(async ({ harness }) => harness?.close());

  const refusal = async (harness: TestGateway, query: string, variables: Record<string, unknown>) => {
    const { body } = await harness.graphqlRaw(query, variables);
    const error = body.errors?.[0];
    assert.ok(error, `expected a refusal for ${JSON.stringify(variables)}`);
    assert.is(error.extensions?.code, 'BAD_USER_INPUT');
    return { field: error.extensions?.field, message: error.message };
  };

  test('each plugin refuses settings its schema does not allow, naming the field', async ({ harness }) => {
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ name: 'no-key', type: 'openai' }, 'input.apiKey', /is required by this provider type/],
      [{ name: 'empty-key', type: 'openai', credentials: { apiKey: '' } }, 'input.apiKey', /must NOT have fewer than 1 characters/],
      [{ name: 'anthropic-no-key', type: 'anthropic' }, 'input.apiKey', /is required/],
      [{ name: 'yesterday', type: 'anthropic', apiKey: 'k', options: { apiVersion: 'yesterday' } }, 'input.options.apiVersion', /must match pattern/],
      [{ name: 'max', type: 'anthropic', apiKey: 'k', options: { defaultMaxTokens: 0 } }, 'input.options.defaultMaxTokens', /must be >= 1/],
      [{ name: 'azure-extra', type: 'azure-openai', apiKey: 'k', credentials: { password: 'x' }, options: { resourceName: 'r' } }, 'input.credentials.password', /is not a setting/],
      [{ name: 'bedrock', type: 'bedrock', options: { region: 'us-east-1' } }, 'input.credentials', /needs accessKeyId and secretAccessKey, or apiKey/],
      [{ name: 'bedrock-region', type: 'bedrock', apiKey: 'k', options: { region: 'mars' } }, 'input.options.region', /must match pattern/],
    ];
    for (const [input, field, message] of cases) {
      const refused = await refusal(harness, create, { input });
      assert.is(refused.field, field, JSON.stringify(input));
      assert.match(refused.message, message, JSON.stringify(input));
    }
    const names = (await harness.graphql<{ providers: Array<{ name: string }> }>('{ providers { name } }')).providers.map((provider) => provider.name);
    assert.equal(names.filter((name) => cases.some(([input]) => input.name === name)), [], 'nothing refused was stored');
  });

  test('settings that cannot work together are refused with the plugin\'s reason: Azure without endpoint or resource', async ({ harness }) => {
    const refused = await refusal(harness, create, { input: { name: 'azure', type: 'azure-openai', apiKey: 'k' } });
    assert.is(refused.field, 'input');
    assert.match(refused.message, /resource endpoint .* or the resourceName option/);
    const accepted = await harness.graphql<{ createProvider: { problem: string | null } }>(create, {
      input: { name: 'azure-ok', type: 'azure-openai', apiKey: 'k', options: { resourceName: 'fabrikam' } },
    });
    assert.is(accepted.createProvider.problem, null);
  });

  test('local OpenAI-compatible servers need no key; a valid provider has no problem', async ({ harness }) => {
    const local = await harness.graphql<{ createProvider: { problem: string | null } }>(create, { input: { name: 'local', type: 'ollama' } });
    assert.is(local.createProvider.problem, null);
    const anthropic = await harness.graphql<{ createProvider: { problem: string | null } }>(create, {
      input: { name: 'claude', type: 'anthropic', apiKey: 'k', options: { apiVersion: '2023-06-01' } },
    });
    assert.is(anthropic.createProvider.problem, null);
  });

  test('an update is judged on the settings it leaves: removing a required key or breaking an option is refused', async ({ harness }) => {
    const id = await harness.createProvider({ name: 'to-update', type: 'anthropic', apiKey: 'k' });
    assert.is((await refusal(harness, update, { id, input: { apiKey: null } })).field, 'input.apiKey');
    assert.is((await refusal(harness, update, { id, input: { options: { apiVersion: 'yesterday' } } })).field, 'input.options.apiVersion');
    const renamed = await harness.graphql<{ updateProvider: { problem: string | null } }>(update, { id, input: { name: 'renamed' } });
    assert.is(renamed.updateProvider.problem, null);
  });

  test('a stored record its plugin refuses reports the same problem, enabled or disabled', async ({ harness }) => {
    const now = new Date();
    const stored = (name: string, enabled: boolean) =>
      harness.models.ProviderRecord.create({ name, type: 'anthropic', baseUrl: null, credentialsEncrypted: null, options: { apiVersion: 'yesterday' }, enabled, createdAt: now, updatedAt: now } as never);
    const enabled = await stored('legacy-enabled', true);
    const disabled = await stored('legacy-disabled', false);
    // Any committed change reloads the configuration from the database, with the records above.
    await harness.createProvider({ name: 'trigger', type: 'ollama' });
    const problems = await harness.graphql<{ providers: Array<{ id: string; problem: string | null }> }>('{ providers { id problem } }');
    const problemOf = (id: string) => problems.providers.find((provider) => provider.id === id)?.problem;
    assert.is(problemOf(enabled.id), 'apiKey: is required by this provider type');
    assert.is(problemOf(disabled.id), 'apiKey: is required by this provider type');
  });

  test.run();
}
