/**
 * ConfigState rebuilds only what a change feeds, keeps the clients of unchanged providers, and closes
 * a replaced provider client only after the stream it is serving has ended. Real SQLite database; the
 * provider plugin is a small one whose client owns something to close (built-in plugins have nothing).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createHttpClient, type CallOptions, type ChatCompletionChunk, type ProviderClient, type ProviderPlugin } from '@conduit/plugin-api';
import { openDatabase, type Database } from '../../src/infrastructure/database/open-database.ts';
import { ProviderRecord } from '../../src/infrastructure/database/models/provider-model.ts';
import { ModelDeploymentRecord } from '../../src/infrastructure/database/models/model-deployment-model.ts';
import { ModelCostRecord } from '../../src/infrastructure/database/models/model-cost-model.ts';
import { ConfigState } from '../../src/engine/state/config-state.ts';
import { createCredentialCipher } from '../../src/infrastructure/crypto/credential-cipher.ts';
import { createLogger } from '../../src/infrastructure/logging/logger.ts';
import type { PluginRegistry } from '../../src/engine/plugins/plugin-registry.ts';
import { makeTempDir } from '../../../../test/support/make-temp-dir.ts';

interface Context {
  database: Database;
  state: ConfigState;
  closed: string[];
  /** Releases the chunks of streams opened so far, one per call. */
  gates: Array<() => void>;
}

const test = suite<Context>('configuration reloads');
const http = createHttpClient();

/** A client that owns a connection: close() ends it, and a stream still reading then fails. */
function ownedConnectionPlugin(context: Pick<Context, 'closed' | 'gates'>): ProviderPlugin {
  return {
    apiVersion: 1,
    kind: 'provider',
    name: 'owned',
    version: '1.0.0',
    capabilities: { chat: true, stream: true },
    create({ baseUrl }: { baseUrl: string }) {
      let open = true;
      const client: ProviderClient = {
        async chat() {
          throw new Error('not used');
        },
        async *chatStream(): AsyncGenerator<ChatCompletionChunk> {
          for (let index = 0; index < 3; index++) {
            if (index > 0) await new Promise<void>((resolve) => context.gates.push(resolve));
            if (!open) throw new Error(`the connection to ${baseUrl} was closed under a live stream`);
            yield { id: 'c', object: 'chat.completion.chunk', created: 0, model: 'm', choices: [{ index: 0, delta: { content: `${index}` }, finish_reason: null }] };
          }
        },
        async close() {
          open = false;
          context.closed.push(baseUrl);
        },
      };
      return client;
    },
  } as unknown as ProviderPlugin;
}

test.before.each(async (context) => {
  context.closed = [];
  context.gates = [];
  context.database = await openDatabase({ databaseUrl: undefined, dataDir: makeTempDir('config-reload') });
  const owned = { plugin: ownedConnectionPlugin(context), options: {} };
  const registry = {
    providers: new Map([['owned', owned]]),
    audio: new Map(),
    accountOf: (type: string) => (type === 'owned' ? owned.plugin : undefined),
  } as unknown as PluginRegistry;
  const provider = await ProviderRecord.create({ name: 'p', type: 'owned', baseUrl: 'http://first.invalid', credentialsEncrypted: null });
  await ProviderRecord.create({ name: 'other', type: 'owned', baseUrl: 'http://other.invalid', credentialsEncrypted: null });
  await ModelDeploymentRecord.create({ modelName: 'm', providerId: provider.id, providerModel: 'm' });
  context.state = await ConfigState.create({ registry, cipher: createCredentialCipher('config-reload-test-secret'), http, logger: createLogger('silent') });
});

test.after.each(async ({ state, database }) => {
  await state.close();
  await database.close();
});

const callOptions = {} as CallOptions;

test('a provider client replaced by a change is closed only after the stream it serves has ended', async ({ state, closed, gates }) => {
  const before = state.current.routesFor('m')[0]!;
  const stream = before.provider.client.chatStream({ model: 'm', messages: [] }, callOptions)[Symbol.asyncIterator]();
  assert.is((await stream.next()).value?.choices[0]?.delta.content, '0');

  await ProviderRecord.update({ baseUrl: 'http://second.invalid' }, { where: { id: before.provider.id } });
  await state.reload('provider');
  const after = state.current.routesFor('m')[0]!;
  assert.is.not(after.provider.client, before.provider.client, 'the changed provider has a new client');
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(closed, [], 'the old client stays open while its stream runs');

  for (const expected of ['1', '2']) {
    const step = stream.next();
    await new Promise((resolve) => setImmediate(resolve));
    gates.shift()!();
    assert.is((await step).value?.choices[0]?.delta.content, expected);
    assert.equal(closed, []);
  }
  assert.is((await stream.next()).done, true);
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.equal(closed, ['http://first.invalid'], 'closed once the stream ended, and only the replaced client');
});

test('a replaced client with nothing in flight is closed at once', async ({ state, closed }) => {
  const before = state.current.routesFor('m')[0]!;
  await ProviderRecord.update({ enabled: false }, { where: { id: before.provider.id } });
  await state.reload('provider');
  assert.equal(state.current.routesFor('m'), []);
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.equal(closed, ['http://first.invalid']);
});

test('a change rebuilds only what it feeds: prices alone, and unchanged providers keep their clients', async ({ state, closed }) => {
  const before = state.current;
  await ModelCostRecord.create({ model: 'm', inputPerMillion: 1, outputPerMillion: 2 });
  await state.reload('cost');
  assert.is(state.current.routesFor('m'), before.routesFor('m'), 'routes untouched by a price change');
  assert.ok(state.current.prices.find('m', 'm'), 'the new price is in');
  assert.is(before.prices.find('m', 'm'), undefined);

  const other = before.providers.find((provider) => provider.name === 'other')!;
  await ProviderRecord.update({ baseUrl: 'http://second.invalid' }, { where: { name: 'p' } });
  await state.reload('provider');
  assert.is(state.current.providers.find((provider) => provider.name === 'other')!.client, other.client, 'an unchanged provider keeps its client');
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.equal(closed, ['http://first.invalid']);
});

test.after(async () => {
  await http.close();
});

test.run();
