/**
 * A realtime session's input transcription is billed: the official SDK's OpenAIRealtimeWS turns
 * transcription on through a real gateway (SQLite), the OpenAI Realtime fake transcribes each
 * committed turn the way the API does (`conversation.item.input_audio_transcription.completed` with
 * its own usage), and the session's logged cost, its key's spend and its budget include the
 * transcription at the transcription model's price.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startOpenAIRealtimeFake, type OpenAIRealtimeFake } from '../../../../plugins/provider-openai/test/fake-openai-realtime.ts';
import { sqliteTarget } from '../support/database-targets.ts';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';
import { pcmBase64, sdkSession, type SdkSession } from './realtime-support.ts';

interface Context {
  openai: OpenAIRealtimeFake;
  harness: TestGateway;
}

const test = suite<Context>('realtime input transcription is billed (sqlite)');
const completed = 'conversation.item.input_audio_transcription.completed';

test.before(async (context) => {
  context.openai = await startOpenAIRealtimeFake();
  context.harness = await startTestGateway({ databaseUrl: await sqliteTarget.freshDatabaseUrl() });
  const { harness } = context;
  const provider = await harness.createProvider({ name: 'openai-rt', type: 'openai', baseUrl: context.openai.provider.baseUrl, apiKey: context.openai.provider.credentials.apiKey });
  await harness.createDeployment({ modelName: 'gpt-realtime', providerId: provider, providerModel: 'gpt-realtime' });
  // Session: a response of the fake (55 text + 64 cached + 13 audio tokens in, 30 text + 91 audio out) costs $0.007196.
  await harness.graphql('mutation { createModelCost(input: { model: "gpt-realtime", inputPerMillion: 4, outputPerMillion: 16, audioInputPerMillion: 32, audioOutputPerMillion: 64 }) { id } }');
  // Transcription by tokens: a turn of 0.5 s is 5 audio tokens in and 6 tokens out: 5 × $6 + 6 × $10 per 1M = $0.00009.
  await harness.graphql('mutation { createModelCost(input: { model: "gpt-4o-transcribe", inputPerMillion: 2.5, outputPerMillion: 10, audioInputPerMillion: 6 }) { id } }');
  // Transcription by duration: 0.5 s at $0.006 a minute = $0.00005.
  await harness.graphql('mutation { createModelCost(input: { model: "whisper-1", inputPerMillion: 0, outputPerMillion: 0, audioInputPerMinute: 0.006 }) { id } }');
  // Dear, for the budget: a turn costs 5 × $1000 + 6 × $1000 per 1M = $0.011.
  await harness.graphql('mutation { createModelCost(input: { model: "gpt-4o-mini-transcribe", inputPerMillion: 1000, outputPerMillion: 1000, audioInputPerMillion: 1000 }) { id } }');
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

interface SessionRow {
  cost: number;
  unpriced: boolean;
  promptTokens: number | null;
  completionTokens: number | null;
  errorCode: string | null;
}

async function sessionRow(harness: TestGateway, keyId: string): Promise<SessionRow | undefined> {
  await harness.gateway.logWriter.flush();
  const [rows] = await harness.gateway.database.sequelize.query(
    "SELECT cost_nanos, unpriced, prompt_tokens, completion_tokens, error_code FROM request_logs WHERE endpoint = 'realtime' AND virtual_key_id = :keyId",
    { replacements: { keyId } },
  );
  const row = (rows as Array<{ cost_nanos: number | string; unpriced: number | boolean; prompt_tokens: number | null; completion_tokens: number | null; error_code: string | null }>)[0];
  return row
    ? { cost: Number(row.cost_nanos), unpriced: Boolean(row.unpriced), promptTokens: row.prompt_tokens, completionTokens: row.completion_tokens, errorCode: row.error_code }
    : undefined;
}

async function finishedRow(harness: TestGateway, keyId: string): Promise<SessionRow> {
  await eventually(async () => (await sessionRow(harness, keyId)) !== undefined, 'the session row');
  return (await sessionRow(harness, keyId))!;
}

async function keySpend(harness: TestGateway, id: string): Promise<{ spend: number; reserved: number }> {
  const result = await harness.graphql<{ virtualKey: { spend: number; reserved: number } }>('query($id: ID!) { virtualKey(id: $id) { spend reserved } }', { id });
  return result.virtualKey;
}

function transcribeWith(session: SdkSession, model: string): void {
  session.rt.send({ type: 'session.update', session: { type: 'realtime', audio: { input: { transcription: { model } } } } });
}

/** Half a second of audio, committed; resolves when its transcription reached the client. */
async function turn(session: SdkSession, count: number): Promise<void> {
  session.rt.send({ type: 'input_audio_buffer.append', audio: pcmBase64(12000) });
  session.rt.send({ type: 'input_audio_buffer.commit' });
  await session.waitFor(completed, count);
}

async function closed(session: SdkSession): Promise<void> {
  session.rt.close();
  await session.closed;
}

test('transcription by tokens: the session’s logged cost is its own plus each transcription at the transcription model’s price; its tokens stay the session’s', async ({ harness, openai }) => {
  const { key, id } = await harness.createKey({ name: 'tokens', maxBudget: 10, budgetPeriod: 'DAILY' });
  const session = sdkSession(harness.url, key, 'gpt-realtime');
  try {
    await session.waitFor('session.created');
    transcribeWith(session, 'gpt-4o-transcribe');
    await session.waitFor('session.updated');
    await turn(session, 1);
    await turn(session, 2);
    openai.speak(0.1);
    openai.finishResponse();
    await session.waitFor('response.done');
    const event = session.seen.find((each) => each.type === completed)!;
    assert.is(event.transcript, openai.transcript, 'the client gets the transcription');
    assert.equal(event.usage, { type: 'tokens', total_tokens: 11, input_tokens: 5, input_token_details: { text_tokens: 0, audio_tokens: 5 }, output_tokens: 6 }, 'with its usage, unchanged');
  } finally {
    await closed(session);
  }
  const row = await finishedRow(harness, id);
  assert.is(row.cost, 7_196_000 + 2 * 90_000);
  assert.is(row.unpriced, false);
  assert.is(row.promptTokens, 132, 'prompt tokens are the session model’s only');
  assert.is(row.completionTokens, 121);
  assert.is(Math.round((await keySpend(harness, id)).spend * 1e9), row.cost, 'the key’s spend includes the transcription');
});

test('transcription by duration (whisper-1): the seconds transcribed at its per-minute price, with no response at all', async ({ harness }) => {
  const { key, id } = await harness.createKey({ name: 'duration' });
  const session = sdkSession(harness.url, key, 'gpt-realtime');
  try {
    await session.waitFor('session.created');
    transcribeWith(session, 'whisper-1');
    await session.waitFor('session.updated');
    for (let count = 1; count <= 3; count++) await turn(session, count);
    assert.equal(session.seen.find((each) => each.type === completed)!.usage, { type: 'duration', seconds: 0.5 });
  } finally {
    await closed(session);
  }
  const row = await finishedRow(harness, id);
  assert.is(row.cost, 3 * 50_000);
  assert.is(row.unpriced, false);
});

test('a transcription model without a price is billed 0 and marks the row unpriced; the session’s own cost is still billed', async ({ harness, openai }) => {
  const { key, id } = await harness.createKey({ name: 'unpriced' });
  const session = sdkSession(harness.url, key, 'gpt-realtime');
  try {
    await session.waitFor('session.created');
    transcribeWith(session, 'gpt-realtime-whisper');
    await session.waitFor('session.updated');
    await turn(session, 1);
    openai.finishResponse();
    await session.waitFor('response.done');
  } finally {
    await closed(session);
  }
  const row = await finishedRow(harness, id);
  assert.is(row.cost, 7_196_000);
  assert.is(row.unpriced, true);
});

test('a session without transcription is billed as before and is not unpriced', async ({ harness, openai }) => {
  const { key, id } = await harness.createKey({ name: 'no transcription' });
  const session = sdkSession(harness.url, key, 'gpt-realtime');
  try {
    await session.waitFor('session.created');
    session.rt.send({ type: 'input_audio_buffer.append', audio: pcmBase64(12000) });
    session.rt.send({ type: 'input_audio_buffer.commit' });
    await session.waitFor('input_audio_buffer.committed');
    openai.finishResponse();
    await session.waitFor('response.done');
    assert.not.ok(session.seen.some((each) => each.type === completed));
  } finally {
    await closed(session);
  }
  const row = await finishedRow(harness, id);
  assert.is(row.cost, 7_196_000);
  assert.is(row.unpriced, false);
});

test('a malformed transcription usage (strings, negatives) costs nothing, reaches the client as it came, and the session goes on', async ({ harness, openai }) => {
  const { key, id } = await harness.createKey({ name: 'malformed' });
  const session = sdkSession(harness.url, key, 'gpt-realtime');
  const malformed = { type: 'tokens', input_tokens: '13', output_tokens: -9, total_tokens: 'lots', input_token_details: { audio_tokens: -13, text_tokens: '4' } };
  try {
    await session.waitFor('session.created');
    transcribeWith(session, 'gpt-4o-transcribe');
    await session.waitFor('session.updated');
    openai.nextTranscriptionUsage = malformed;
    await turn(session, 1);
    openai.nextTranscriptionUsage = { type: 'duration', seconds: -30 };
    await turn(session, 2);
    await turn(session, 3);
    const usages = session.seen.filter((each) => each.type === completed).map((each) => each.usage);
    assert.equal(usages[0], malformed);
    assert.equal(usages[1], { type: 'duration', seconds: -30 });
    assert.is(session.errors.length, 0);
  } finally {
    await closed(session);
  }
  const row = await finishedRow(harness, id);
  assert.is(row.cost, 90_000, 'only the well-formed third transcription is billed');
  assert.is(row.unpriced, false);
  assert.is(row.errorCode, 'client_closed');
});

test('a budget sees the transcription: transcriptions alone, with no response, settle slices until the next slice is not covered and the session ends with budget_exceeded', async ({ harness }) => {
  await harness.gateway.services.limitDefaults.update({ realtimeBillingSliceSeconds: 10 });
  // A slice of 10 s reserves $0.016 (see realtime.sqlite.test.ts); a transcription costs $0.011: after the
  // first, $0.011 spent + $0.016 reserved fits $0.03; after the second, $0.022 + $0.016 does not.
  const { key, id } = await harness.createKey({ name: 'budgeted', maxBudget: 0.03, budgetPeriod: 'DAILY' });
  const session = sdkSession(harness.url, key, 'gpt-realtime');
  try {
    await session.waitFor('session.created');
    transcribeWith(session, 'gpt-4o-mini-transcribe');
    await session.waitFor('session.updated');
    await turn(session, 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.is(session.errors.length, 0, 'the first transcription leaves room for the next slice');
    await turn(session, 2);
    await eventually(async () => session.errors.length > 0, 'the budget_exceeded error event');
    assert.is(session.errors[0]!.error?.code, 'budget_exceeded');
    assert.is((await session.closed).code, 1008);
  } finally {
    session.rt.close();
    await harness.gateway.services.limitDefaults.update({ realtimeBillingSliceSeconds: 60 });
  }
  const row = await finishedRow(harness, id);
  assert.is(row.errorCode, 'budget_exceeded');
  assert.is(row.cost, 2 * 11_000_000);
  const spend = await keySpend(harness, id);
  assert.is(Math.round(spend.spend * 1e9), row.cost, 'the spend is the transcriptions, counted once');
  assert.is(spend.reserved, 0, 'nothing stays reserved');
});

test.run();
