/**
 * Opt-in audio health checks: the `openai` audio plugin against the fake OpenAI upstream, run by the
 * real HealthChecker, with a real SQLite database for the stored history.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHttpClient, silentLogger, type AudioPlugin, type ProviderClient } from '@conduit/plugin-api';
import openAIPlugins from '../../../../plugins/provider-openai/src/index.ts';
import { startOpenAIFakeUpstream } from '../../../../plugins/provider-openai/test/fake-openai-upstream.ts';
import { makeTempDir } from '../../../../test/support/make-temp-dir.ts';
import { openDatabase } from '../../src/infrastructure/database/open-database.ts';
import { ProviderHealthRecord } from '../../src/infrastructure/database/models/provider-health-model.ts';
import { ProviderRecord } from '../../src/infrastructure/database/models/provider-model.ts';
import { createEventBus } from '../../src/infrastructure/events/event-bus.ts';
import { createLogger } from '../../src/infrastructure/logging/logger.ts';
import { HealthChecker } from '../../src/engine/health/health-checker.ts';
import { audioHealthPhrase } from '../../src/engine/health/probe-audio.ts';
import { ProviderHealthBoard } from '../../src/engine/health/provider-health-board.ts';
import { providerSchemaProblem } from '../../src/engine/plugins/provider-config-problem.ts';
import type { AudioHealthCheckOption } from '../../src/engine/plugins/gateway-provider-options.ts';
import { CircuitBreakers } from '../../src/engine/routing/circuit-breaker.ts';
import { DeploymentStatsBook } from '../../src/engine/routing/deployment-stats.ts';
import { createLocalRouterSync } from '../../src/engine/routing/router-sync.ts';
import { defaultRouterSettings } from '../../src/engine/routing/router-settings.ts';
import { ConfigSnapshot, type ProviderInstance } from '../../src/engine/state/config-snapshot.ts';
import type { ConfigState } from '../../src/engine/state/config-state.ts';
import { PriceTable } from '../../src/engine/usage/price-table.ts';
import { route } from '../support/router-fixtures.ts';

const database = await openDatabase({ databaseUrl: undefined, dataDir: makeTempDir('audio-health') });
const record = await ProviderRecord.create({ name: 'speech', type: 'openai', baseUrl: null, credentialsEncrypted: null });
const fake = await startOpenAIFakeUpstream();
const http = createHttpClient({ timeouts: { connectMs: 5000, firstByteMs: 5000, idleMs: 5000 } });
const audioPlugin = openAIPlugins.find((plugin): plugin is AudioPlugin<unknown> => plugin.kind === 'audio' && plugin.name === 'openai')!;
const audioClient = audioPlugin.create({
  provider: { id: record.id, name: 'speech', type: 'openai' },
  baseUrl: fake.provider.baseUrl,
  credentials: fake.provider.credentials,
  options: {},
  pluginOptions: {},
  http,
  logger: silentLogger,
});
let livenessProbes = 0;
const chatClient = { health: async () => void livenessProbes++ } as unknown as ProviderClient;

function providerWith(healthCheck: AudioHealthCheckOption | undefined): ProviderInstance {
  return {
    id: record.id,
    name: 'speech',
    type: 'openai',
    client: chatClient,
    audio: audioClient,
    ...(healthCheck ? { audioHealthCheck: healthCheck } : {}),
  };
}

function rig(provider: ProviderInstance, settings: Partial<typeof defaultRouterSettings> = {}) {
  // One chat deployment, so the provider also gets the liveness probe.
  const routes = new Map([['m', [{ ...route({ id: 'deployment-1', model: 'm' }), provider }]]]);
  const current = new ConfigSnapshot(routes, new PriceTable([]), [provider], [], {
    settings: { ...defaultRouterSettings, healthCheckIntervalMs: 60_000, ...settings },
    fallbacks: new Map(),
  });
  const board = new ProviderHealthBoard();
  const events = createEventBus({});
  const checker = new HealthChecker({
    config: { current } as unknown as ConfigState,
    board,
    breakers: new CircuitBreakers({ stats: new DeploymentStatsBook() }),
    sync: createLocalRouterSync(),
    events,
    logger: createLogger('silent'),
  });
  checker.start();
  return {
    checker,
    board,
    async close() {
      await checker.stop();
      await events.close();
    },
  };
}

const audioRows = () => ProviderHealthRecord.findAll({ where: { providerId: record.id }, order: [['id', 'ASC']] }).then((rows) => rows.filter((row) => row.probe !== null));
const audioRequests = () => fake.requests().filter((request) => request.path.startsWith('/v1/audio/'));

test.before.each(async () => {
  fake.reset();
  livenessProbes = 0;
  await ProviderHealthRecord.destroy({ where: {} });
});
test.after(async () => {
  await fake.close();
  await http.close();
  await database.close();
});

test('an opted-in provider gets a synthesis and a transcription of the bundled clip, each stored as up with its probe', async () => {
  const { checker, close } = rig(providerWith({ speechModel: 'gpt-4o-mini-tts', transcriptionModel: 'whisper-1', voice: 'coral' }));
  try {
    await checker.checkNow(record.id);
    const rows = await audioRows();
    assert.equal(rows.map((row) => [row.probe, row.status, row.error]), [
      ['audio-speech', 'up', null],
      ['audio-transcription', 'up', null],
    ]);
    assert.ok(rows.every((row) => typeof row.latencyMs === 'number'));
    const [speech, transcription] = audioRequests();
    assert.is(speech?.path, '/v1/audio/speech');
    assert.equal([(speech?.body as Record<string, unknown>).input, (speech?.body as Record<string, unknown>).voice], [audioHealthPhrase, 'coral']);
    assert.is(transcription?.path, '/v1/audio/transcriptions');
    const file = (transcription?.body as { file?: { filename: string; bytes: number } }).file;
    assert.equal(file, { filename: 'health-check.wav', contentType: 'audio/wav', bytes: 12_500 });
    const liveness = await ProviderHealthRecord.findAll({ where: { providerId: record.id, probe: null } });
    assert.is(liveness.length, 1, 'the liveness probe still ran, as its own row');
  } finally {
    await close();
  }
});

test('failing audio checks are stored as down with the provider’s error, and leave the routing health alone', async () => {
  const { checker, board, close } = rig(providerWith({ speechModel: 'gpt-4o-mini-tts', transcriptionModel: 'whisper-1' }));
  try {
    fake.enqueue({ type: 'http-error', status: 503, message: 'speech is down' });
    fake.enqueue({ type: 'http-error', status: 401, message: 'Incorrect API key provided' });
    await checker.checkNow(record.id);
    const rows = await audioRows();
    assert.equal(rows.map((row) => [row.probe, row.status]), [
      ['audio-speech', 'down'],
      ['audio-transcription', 'down'],
    ]);
    assert.match(rows[0]!.error!, /HTTP 503/);
    assert.match(rows[1]!.error!, /authentication \(HTTP 401\)/);
    assert.not.match(rows[1]!.error!, String(fake.provider.credentials.apiKey));
    assert.is(board.status(record.id), 'up', 'the liveness probe passed; the audio findings do not change it');
  } finally {
    await close();
  }
});

test('a speech model that does not exist is a down speech check; only the named models run', async () => {
  const { checker, close } = rig(providerWith({ speechModel: 'no-such-tts' }));
  try {
    await checker.checkNow(record.id);
    const rows = await audioRows();
    assert.equal(rows.map((row) => [row.probe, row.status]), [['audio-speech', 'down']]);
    assert.match(rows[0]!.error!, /not_found/);
    assert.is(audioRequests().length, 1);
  } finally {
    await close();
  }
});

test('a provider that did not opt in gets only the liveness probe, on every round', async () => {
  const { close } = rig(providerWith(undefined), { healthCheckIntervalMs: 30 });
  try {
    await waitFor(() => livenessProbes >= 1 && audioRequests().length === 0, 'the liveness probe ran');
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    assert.equal(audioRequests(), []);
    assert.equal(await audioRows(), []);
  } finally {
    await close();
  }
});

test('audio checks run one interval after the provider is first seen, then every everyMinutes', async () => {
  // everyMinutes 0.02 = 1.2 s; health checks every 30 ms.
  const { close } = rig(providerWith({ speechModel: 'gpt-4o-mini-tts', everyMinutes: 0.02 }), { healthCheckIntervalMs: 30 });
  try {
    await waitFor(() => audioRequests().length === 1, 'the first audio check');
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.is(audioRequests().length, 1, 'not again before everyMinutes');
    await waitFor(() => audioRequests().length === 2, 'the second audio check');
  } finally {
    await close();
  }
});

test('the option is the gateway’s: checked apart from the plugin’s schema, with the field named', () => {
  const settings = (options: Record<string, unknown>) => ({ credentials: { apiKey: 'k' }, options });
  assert.is(providerSchemaProblem(audioPlugin, settings({ audioHealthCheck: { speechModel: 'tts-1' }, organization: 'org' })), undefined);
  assert.equal(providerSchemaProblem(audioPlugin, settings({ audioHealthCheck: {} })), {
    field: 'options.audioHealthCheck',
    message: 'names no model to check: set speechModel, transcriptionModel or both',
  });
  assert.equal(providerSchemaProblem(audioPlugin, settings({ audioHealthCheck: { speechModel: 'tts-1', everyMinutes: 0 } })), {
    field: 'options.audioHealthCheck.everyMinutes',
    message: 'must be more than 0',
  });
  assert.is(providerSchemaProblem(audioPlugin, settings({ audioHealthCheck: { speechModel: 'tts-1', often: true } }))?.field, 'options.audioHealthCheck.often');
  assert.is(providerSchemaProblem(audioPlugin, settings({ audioHealthCheck: true }))?.field, 'options.audioHealthCheck');
  assert.is(providerSchemaProblem(audioPlugin, settings({ notAnOption: 1 }))?.field, 'options.notAnOption', 'the plugin’s own schema still refuses unknown keys');
});

async function waitFor(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

test.run();
