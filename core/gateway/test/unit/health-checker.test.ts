/** Active health checks against fake provider clients, with a real SQLite database for the stored history. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ProviderError, type ProviderClient } from '@conduit/plugin-api';
import { makeTempDir } from '../../../../test/support/make-temp-dir.ts';
import { HealthHistoryRepository } from '../../src/infrastructure/database/health-history-repository.ts';
import { openDatabase } from '../../src/infrastructure/database/open-database.ts';
import { createEventBus } from '../../src/infrastructure/events/event-bus.ts';
import { type ProviderHealthChangedEvent } from '../../src/ports/event-bus.ts';
import { HealthChecker } from '../../src/engine/health/health-checker.ts';
import { onProviderHealthChanged } from '../../src/engine/health/health-events.ts';
import { probeAllowedByHealth } from '../../src/engine/health/probe-allowed-by-health.ts';
import { ProviderHealthBoard } from '../../src/engine/health/provider-health-board.ts';
import { createLogger } from '../../src/infrastructure/logging/logger.ts';
import { CircuitBreakers } from '../../src/engine/routing/circuit-breaker.ts';
import { DeploymentStatsBook } from '../../src/engine/routing/deployment-stats.ts';
import { createLocalRouterSync } from '../../src/engine/routing/router-sync.ts';
import type { ConfigState } from '../../src/engine/state/config-state.ts';
import { route, snapshot } from '../support/router-fixtures.ts';

const database = await openDatabase({ databaseUrl: undefined, dataDir: makeTempDir('health') });
const provider = await database.models.ProviderRecord.create({ name: 'probed', type: 'openai', baseUrl: null, credentialsEncrypted: null });

/** A provider client whose probe answers what `answer` says. */
let answer: () => Promise<void> = async () => {};
const client = { health: () => answer() } as unknown as ProviderClient;
const deployment = { ...route({ id: 'deployment-1', model: 'm' }), provider: { id: provider.id, name: 'probed', type: 'openai', client } };

function rig(settings: Record<string, number> = {}) {
  const config = { current: snapshot([deployment], { healthCheckIntervalMs: 60_000, breakerCooldownMs: 10, ...settings }) };
  const board = new ProviderHealthBoard();
  const breakers = new CircuitBreakers({ stats: new DeploymentStatsBook(), probeAllowed: probeAllowedByHealth(() => config.current.router.settings, board) });
  const events = createEventBus({});
  const checker = new HealthChecker({
    config: config as unknown as ConfigState,
    board,
    history: new HealthHistoryRepository(database.models),
    breakers,
    sync: createLocalRouterSync(),
    events,
    logger: createLogger('silent'),
  });
  const published: ProviderHealthChangedEvent[] = [];
  const stop = onProviderHealthChanged(events, (event) => published.push(event));
  checker.start();
  return {
    checker,
    board,
    breakers,
    published,
    config,
    async close() {
      await checker.stop();
      await stop();
      await events.close();
    },
  };
}

test('a failed probe is stored, opens the provider’s breakers and is published; a passing one lets them probe again', async () => {
  const { checker, breakers, published, close } = rig();
  try {
    answer = async () => {
      throw new ProviderError({ code: 'server', status: 503, message: 'unavailable' });
    };
    const down = await checker.checkNow(provider.id);
    assert.is(down?.status, 'down');
    assert.is(down?.outage, true);
    assert.is(breakers.view('deployment-1').state, 'open');
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.not.ok(breakers.tryEnter(deployment, snapshot([]).router.settings), 'held open past the cool-down while the provider is down');

    answer = async () => {};
    const up = await checker.checkNow(provider.id);
    assert.is(up?.status, 'up');
    assert.ok(breakers.tryEnter(deployment, snapshot([]).router.settings), 'a passing check lets the half-open request through');
    await waitFor(() => published.length === 2);
    assert.equal(
      published.map((event) => [event.status, event.previous, event.outage]),
      [
        ['down', 'unknown', true],
        ['up', 'down', false],
      ],
    );
    const rows = await database.models.ProviderHealthRecord.findAll({ where: { providerId: provider.id }, order: [['id', 'ASC']] });
    assert.equal(rows.slice(-2).map((row) => row.status), ['down', 'up']);
    assert.match(rows.at(-2)!.error!, /503/);
  } finally {
    await close();
  }
});

test('a probe the provider refuses (401 on its model list) is down but no outage: breakers stay closed', async () => {
  const { checker, breakers, close } = rig();
  try {
    answer = async () => {
      throw new ProviderError({ code: 'authentication', status: 401, message: 'no models for you' });
    };
    const state = await checker.checkNow(provider.id);
    assert.is(state?.status, 'down');
    assert.is(state?.outage, false);
    assert.is(breakers.view('deployment-1').state, 'closed');
  } finally {
    await close();
  }
});

test('checks run on their interval, off the event loop’s keep-alive, and stop on stop()', async () => {
  const { board, close } = rig({ healthCheckIntervalMs: 50 });
  let probes = 0;
  answer = async () => {
    probes++;
  };
  try {
    await waitFor(() => probes >= 2);
    assert.is(board.status(provider.id), 'up');
  } finally {
    await close();
  }
  const stoppedAt = probes;
  await new Promise((resolve) => setTimeout(resolve, 150));
  assert.is(probes, stoppedAt, 'no probe after stop');
});

test('retention deletes only checks older than the retention period', async () => {
  const { checker, close } = rig({ healthRetentionHours: 1 });
  try {
    await database.models.ProviderHealthRecord.create({ providerId: provider.id, status: 'up', latencyMs: 1, error: null, checkedAt: new Date(Date.now() - 2 * 3_600_000) });
    const recent = await database.models.ProviderHealthRecord.count();
    assert.is(await checker.prune(), 1);
    assert.is(await database.models.ProviderHealthRecord.count(), recent - 1);
  } finally {
    await close();
  }
});

test('with checks on, a breaker opened by client requests waits for a passing check since it opened', () => {
  const board = new ProviderHealthBoard();
  let now = 1_000_000;
  const settings = { healthCheckIntervalMs: 1000, breakerCooldownMs: 500 };
  const allowed = probeAllowedByHealth(() => settings, board, () => now);
  const openedAt = now;
  board.record({ providerId: 'p', status: 'up', outage: false, latencyMs: 1, error: undefined, checkedAt: new Date(openedAt - 1) });
  now += 600;
  assert.not.ok(allowed('p', openedAt), 'the last check is older than the opening');
  board.record({ providerId: 'p', status: 'up', outage: false, latencyMs: 1, error: undefined, checkedAt: new Date(now) });
  assert.ok(allowed('p', openedAt));
  board.record({ providerId: 'p', status: 'down', outage: true, latencyMs: 1, error: 'x', checkedAt: new Date(now) });
  now += 1_000_000;
  assert.not.ok(allowed('p', openedAt), 'never while there is an outage');
  assert.ok(allowed('never-checked', now - 5000), 'without checks for a while, the cool-down alone decides');
  assert.ok(probeAllowedByHealth(() => ({ ...settings, healthCheckIntervalMs: 0 }), board)('p', openedAt), 'checks off');
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.ok(condition(), 'condition met in time');
}

test.after(() => database.close());

test.run();
