/**
 * A realtime session that outlives a budget period: each slice is reserved in the period current when
 * it is reserved, so after midnight (UTC) a daily budget's new day pays for the session's next slices,
 * and the spend is booked under the day each slice was reserved in. The gateway's clock is moved a day
 * forward mid-session (StartOptions.clock); the SDK's OpenAIRealtimeWS talks to the OpenAI Realtime fake
 * through a real gateway on SQLite.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startOpenAIRealtimeFake, type OpenAIRealtimeFake } from '../../../../plugins/provider-openai/test/fake-openai-realtime.ts';
import { allPeriodKeys } from '../../src/domain/budget-period.ts';
import { sqliteTarget } from '../support/database-targets.ts';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';
import { refusedHandshake, sdkSession, type SdkSession } from './realtime-support.ts';

const dayMs = 86_400_000;

interface Context {
  openai: OpenAIRealtimeFake;
  harness: TestGateway;
  /** Added to the real time on the gateway's clock. */
  clock: { offsetMs: number };
}

const test = suite<Context>('a realtime session across a budget period boundary (sqlite)');

test.before(async (context) => {
  context.clock = { offsetMs: 0 };
  context.openai = await startOpenAIRealtimeFake();
  context.harness = await startTestGateway({
    databaseUrl: await sqliteTarget.freshDatabaseUrl(),
    start: { clock: () => Date.now() + context.clock.offsetMs },
  });
  const { harness } = context;
  const provider = await harness.createProvider({ name: 'openai-rt', type: 'openai', baseUrl: context.openai.provider.baseUrl, apiKey: context.openai.provider.credentials.apiKey });
  await harness.createDeployment({ modelName: 'gpt-realtime', providerId: provider, providerModel: 'gpt-realtime' });
  await harness.graphql('mutation { createModelCost(input: { model: "gpt-realtime", inputPerMillion: 4, outputPerMillion: 16, audioInputPerMillion: 32, audioOutputPerMillion: 64 }) { id } }');
  // A slice of 10 s reserves 10 × (10 × $32 + 20 × $64) / 1M = $0.016; a response of the fake costs about $0.0072.
  await harness.gateway.services.limitDefaults.update({ realtimeBillingSliceSeconds: 10 });
});

test.after.each((context) => {
  context.clock.offsetMs = 0;
});

test.after(async ({ harness, openai }) => {
  await harness?.close();
  await openai?.close();
});

async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function sessionRow(harness: TestGateway, keyId: string): Promise<{ cost: number; errorCode: string | null } | undefined> {
  await harness.gateway.logWriter.flush();
  const [rows] = await harness.gateway.database.sequelize.query("SELECT cost_nanos, error_code FROM request_logs WHERE endpoint = 'realtime' AND virtual_key_id = :keyId", {
    replacements: { keyId },
  });
  const row = (rows as Array<{ cost_nanos: number | string; error_code: string | null }>)[0];
  return row ? { cost: Number(row.cost_nanos), errorCode: row.error_code } : undefined;
}

/** The key's spend in the database by period key. */
async function spendByPeriod(harness: TestGateway, keyId: string): Promise<Record<string, number>> {
  const [rows] = await harness.gateway.database.sequelize.query("SELECT period_key, spend_nanos FROM spend_periods WHERE scope_kind = 'key' AND scope_id = :keyId", {
    replacements: { keyId },
  });
  return Object.fromEntries((rows as Array<{ period_key: string; spend_nanos: number | string }>).map((row) => [row.period_key, Number(row.spend_nanos)]));
}

/** What each period key should hold when `before` was spent under the first day's keys and `after` under the next day's. */
function expectedSpend(firstDay: readonly string[], nextDay: readonly string[], before: number, after: number): Record<string, number> {
  const expected: Record<string, number> = {};
  for (const key of firstDay) expected[key] = (expected[key] ?? 0) + before;
  for (const key of nextDay) expected[key] = (expected[key] ?? 0) + after;
  return expected;
}

async function respond(openai: OpenAIRealtimeFake, session: SdkSession, count: number): Promise<void> {
  openai.speak(0.1);
  openai.finishResponse();
  await session.waitFor('response.done', count);
}

test('past midnight a daily budget’s new day pays for the next slices; each day’s spend is booked under its own key', async ({ harness, openai, clock }) => {
  const { key, id } = await harness.createKey({ name: 'night call', maxBudget: 0.03, budgetPeriod: 'DAILY' });
  const firstDay = [...allPeriodKeys(Date.now())];
  const nextDay = [...allPeriodKeys(Date.now() + dayMs)];
  const session = sdkSession(harness.url, key, 'gpt-realtime');
  let responses = 0;
  try {
    await session.waitFor('session.created');
    await respond(openai, session, ++responses);
    // The first response settled and the next slice reserved, in the first day.
    const readKey = () => harness.graphql<{ virtualKey: { spendThisPeriod: number; reserved: number } }>('query($id: ID!) { virtualKey(id: $id) { spendThisPeriod reserved } }', { id });
    await eventually(async () => {
      const { virtualKey } = await readKey();
      return virtualKey.spendThisPeriod > 0 && virtualKey.reserved > 0;
    }, 'the first slice settled and the second reserved');
    clock.offsetMs = dayMs;
    // The second slice was reserved in the first day: the second response is billed there. Two
    // responses leave less than a slice of the $0.03 budget, so without the move to the new day the
    // session would end after the second.
    for (; responses < 10 && session.errors.length === 0; ) {
      await respond(openai, session, ++responses);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await eventually(async () => session.errors.length > 0, 'the budget_exceeded error event');
    assert.is(session.errors[0]!.error?.code, 'budget_exceeded');
  } finally {
    session.rt.close();
  }
  assert.is(responses, 4, 'two responses billed in the first day, two in the next');

  await eventually(async () => (await sessionRow(harness, id)) !== undefined, 'the session row');
  const row = (await sessionRow(harness, id))!;
  assert.is(row.errorCode, 'budget_exceeded');
  const spend = await spendByPeriod(harness, id);
  const dayKey = firstDay.find((each) => each.startsWith('d:'))!;
  const before = spend[dayKey]!;
  assert.ok(Math.abs(2 * before - row.cost) <= 2, `the first day holds two of the four responses (${before} of ${row.cost})`);
  assert.equal(spend, expectedSpend(firstDay, nextDay, before, row.cost - before));

  // The new day's counter counted its two responses: a new session cannot reserve a slice on top.
  const refused = await refusedHandshake(harness.url, '/v1/realtime?model=gpt-realtime', { authorization: `Bearer ${key}` });
  assert.is(refused.status, 429);
  assert.is(refused.body.error?.code, 'budget_exceeded');
});

test('a session without a budget is booked under each day its slices were reserved in', async ({ harness, openai, clock }) => {
  const { key, id } = await harness.createKey({ name: 'unbudgeted' });
  const firstDay = [...allPeriodKeys(Date.now())];
  const nextDay = [...allPeriodKeys(Date.now() + dayMs)];
  const session = sdkSession(harness.url, key, 'gpt-realtime');
  try {
    await session.waitFor('session.created');
    await respond(openai, session, 1);
    // The slice after the first response is reserved in the first day, so the second response is
    // billed there too; the one after it was reserved in the next day.
    await new Promise((resolve) => setTimeout(resolve, 200));
    clock.offsetMs = dayMs;
    await respond(openai, session, 2);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await respond(openai, session, 3);
    await new Promise((resolve) => setTimeout(resolve, 200));
  } finally {
    session.rt.close();
  }
  await eventually(async () => (await sessionRow(harness, id)) !== undefined, 'the session row');
  const row = (await sessionRow(harness, id))!;
  const spend = await spendByPeriod(harness, id);
  const before = spend[firstDay.find((each) => each.startsWith('d:'))!]!;
  assert.ok(Math.abs(3 * before - 2 * row.cost) <= 3, `the first day holds two of the three responses (${before} of ${row.cost})`);
  assert.equal(spend, expectedSpend(firstDay, nextDay, before, row.cost - before));
});

test.run();
