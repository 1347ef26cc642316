/**
 * Stored responses on the Responses API, driven with the official `openai` SDK through a real gateway
 * on each database: `store` (default true), conversations continued with `previous_response_id`
 * (whole and streamed; the provider receives the earlier turns' input and output before the new
 * input), retrieve, delete, input items and their pages, a response visible to its key only, and the
 * error paths: unknown ids, a response too large to store, a database that refuses the row.
 */
import { Writable } from 'node:stream';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import OpenAI from 'openai';
import { startOpenAIFakeUpstream, type OpenAIFakeUpstream } from '../../../../plugins/provider-openai/test/fake-openai-upstream.ts';
import { createLogger } from '../../src/infrastructure/logging/logger.ts';
import { StoredResponseRepository } from '../../src/infrastructure/database/stored-response-repository.ts';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';
import type { DatabaseTarget } from '../support/database-targets.ts';

interface Context {
  fake: OpenAIFakeUpstream;
  harness: TestGateway;
  client: OpenAI;
  other: OpenAI;
  keyId: string;
  /** The gateway's warning and error log lines, parsed. */
  logs: Array<Record<string, unknown>>;
}

/** The limit the suite's gateway stores responses up to (CONDUIT_STORED_RESPONSE_MAX_KB). */
const maxKb = 16;
const dayMs = 86_400_000;

async function failure(promise: Promise<unknown>): Promise<InstanceType<typeof OpenAI.APIError>> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof OpenAI.APIError) return error;
    throw error;
  }
  throw new Error('expected the request to fail');
}

/** The Response's `store`, which the API answers and the SDK's type does not name. */
function storeOf(response: object): unknown {
  return (response as { store?: unknown }).store;
}

function reply(text: string, pieces = 1) {
  return { type: 'message' as const, text, finish: 'stop' as const, usage: { input: 5, output: 3 }, pieces };
}

function turns(fake: OpenAIFakeUpstream): Array<[string, string | undefined]> {
  return fake.lastRequest().messages.map((message) => [message.role, message.text]);
}

export function storedResponsesSuite(target: DatabaseTarget): void {
  const test = suite<Context>(`/v1/responses stored responses (${target.name})`);

  test.before(async (context) => {
    context.logs = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n')) if (line.trim() !== '') context.logs.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    context.fake = await startOpenAIFakeUpstream();
    context.harness = await startTestGateway({
      databaseUrl: await target.freshDatabaseUrl(),
      env: { CONDUIT_STORED_RESPONSE_MAX_KB: String(maxKb) },
      start: { logger: createLogger('warn', sink) },
    });
    const provider = await context.harness.createOpenAIProvider('openai-fake', context.fake);
    await context.harness.createDeployment({ modelName: 'chat', providerId: provider, providerModel: 'gpt-4o-mini' });
    const mine = await context.harness.createKey({ name: 'mine' });
    context.keyId = mine.id;
    context.client = context.harness.openai(mine.key);
    context.other = context.harness.openai((await context.harness.createKey({ name: 'other' })).key);
  });

  test.after(async (context) => {
    await context.harness?.close();
    await context.fake?.close();
  });

  test('a response is stored by default and continued with previous_response_id: the provider gets the first turn before the new input, without its instructions', async ({ fake, client }) => {
    fake.enqueue(reply('Nice to meet you, Ada.'));
    const first = await client.responses.create({ model: 'chat', instructions: 'Be terse.', input: 'My name is Ada.' });
    assert.is(storeOf(first), true);
    assert.is(first.previous_response_id, null);
    assert.is(fake.lastRequest().system, 'Be terse.');

    fake.enqueue(reply('Your name is Ada.'));
    const second = await client.responses.create({ model: 'chat', previous_response_id: first.id, input: [{ role: 'user', content: 'What is my name?' }] });
    assert.is(second.output_text, 'Your name is Ada.');
    assert.is(second.previous_response_id, first.id);
    assert.is(fake.lastRequest().system, undefined, 'instructions are not carried over');
    assert.equal(turns(fake), [
      ['user', 'My name is Ada.'],
      ['assistant', 'Nice to meet you, Ada.'],
      ['user', 'What is my name?'],
    ]);

    fake.enqueue(reply('Goodbye, Ada.'));
    await client.responses.create({ model: 'chat', previous_response_id: second.id, instructions: 'Be kind.', input: 'Bye!' });
    assert.is(fake.lastRequest().system, 'Be kind.');
    assert.equal(turns(fake), [
      ['user', 'My name is Ada.'],
      ['assistant', 'Nice to meet you, Ada.'],
      ['user', 'What is my name?'],
      ['assistant', 'Your name is Ada.'],
      ['user', 'Bye!'],
    ]);
  });

  test('streamed responses are stored once complete and continue like whole ones', async ({ fake, client }) => {
    fake.enqueue(reply('one two three', 3));
    const stream = client.responses.stream({ model: 'chat', input: 'Count to three.' });
    const types: string[] = [];
    stream.on('event', (event) => types.push(event.type));
    const first = await stream.finalResponse();
    assert.is(types.at(-1), 'response.completed');
    assert.is(storeOf(first), true);
    const retrievedFirst = await client.responses.retrieve(first.id);
    assert.is(retrievedFirst.output_text, 'one two three');
    assert.equal(retrievedFirst.output.map((item) => item.id), first.output.map((item) => item.id));
    assert.equal(retrievedFirst.usage, first.usage);

    fake.enqueue(reply('four', 2));
    const second = await client.responses.stream({ model: 'chat', previous_response_id: first.id, input: 'And then?' }).finalResponse();
    assert.is(second.output_text, 'four');
    assert.is(second.previous_response_id, first.id);
    assert.equal(turns(fake), [
      ['user', 'Count to three.'],
      ['assistant', 'one two three'],
      ['user', 'And then?'],
    ]);
    const retrieved = await client.responses.retrieve(second.id);
    assert.is(retrieved.status, 'completed');
    assert.is(retrieved.output_text, 'four');
  });

  test('a stream that fails after it started is stored with status failed and what was streamed', async ({ fake, client }) => {
    fake.enqueue({ type: 'stream-error', textBefore: 'Half an ans', message: 'upstream broke' });
    const stream = await client.responses.create({ model: 'chat', input: 'Tell me.', stream: true });
    let failed: OpenAI.Responses.Response | undefined;
    const thrown = await (async () => {
      try {
        for await (const event of stream) if (event.type === 'response.failed') failed = event.response;
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    assert.instance(thrown, OpenAI.APIError);
    assert.ok(failed, 'response.failed was sent');
    assert.is(storeOf(failed), true);
    const retrieved = await client.responses.retrieve(failed.id);
    assert.is(retrieved.status, 'failed');
    assert.is(retrieved.output_text, 'Half an ans');
  });

  test('a tool call continued with its output: the provider sees the call and the result', async ({ fake, client }) => {
    fake.enqueue({ type: 'message', toolCalls: [{ id: 'call_w1', name: 'get_weather', arguments: '{"city":"Paris"}' }], finish: 'tool_calls', usage: { input: 9, output: 5 } });
    const tools: OpenAI.Responses.FunctionTool[] = [{ type: 'function', name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } }, strict: false }];
    const first = await client.responses.create({ model: 'chat', input: 'Weather in Paris?', tools });
    const call = first.output.find((item) => item.type === 'function_call');
    assert.ok(call?.type === 'function_call');
    fake.enqueue(reply('Sunny in Paris.'));
    await client.responses.create({ model: 'chat', previous_response_id: first.id, tools, input: [{ type: 'function_call_output', call_id: call.call_id, output: '{"sky":"sunny"}' }] });
    const seen = fake.lastRequest().body as { messages: Array<{ role: string; tool_calls?: Array<{ id: string; function: { name: string } }>; tool_call_id?: string; content?: unknown }> };
    assert.equal(
      seen.messages.map((message) => message.role),
      ['user', 'assistant', 'tool'],
    );
    assert.is(seen.messages[1]?.tool_calls?.[0]?.function.name, 'get_weather');
    assert.is(seen.messages[2]?.tool_call_id, call.call_id);
  });

  test('retrieve gives the stored Response as it was answered', async ({ fake, client }) => {
    fake.enqueue(reply('Stored answer.'));
    const created = await client.responses.create({ model: 'chat', input: 'Keep this.', metadata: { trace: 't-9' } });
    const retrieved = await client.responses.retrieve(created.id);
    assert.equal(retrieved, created);
  });

  test('delete removes the response: retrieve, input items and a second delete are 404s', async ({ fake, client, harness }) => {
    fake.enqueue(reply('Soon gone.'));
    const created = await client.responses.create({ model: 'chat', input: 'Delete me.' });
    const raw = await fetch(`${harness.url}/v1/responses/${created.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${client.apiKey}` } });
    assert.is(raw.status, 200);
    assert.equal(await raw.json(), { id: created.id, object: 'response.deleted', deleted: true });
    for (const attempt of [() => client.responses.retrieve(created.id), () => client.responses.inputItems.list(created.id), () => client.responses.delete(created.id)]) {
      const error = await failure(attempt());
      assert.instance(error, OpenAI.NotFoundError);
      assert.is(error.message, `404 Response with id '${created.id}' not found.`);
      assert.is(error.type, 'invalid_request_error');
    }
  });

  test('the SDK deletes through client.responses.delete', async ({ fake, client }) => {
    fake.enqueue(reply('Also gone.'));
    const created = await client.responses.create({ model: 'chat', input: 'Delete me too.' });
    await client.responses.delete(created.id);
    assert.instance(await failure(client.responses.retrieve(created.id)), OpenAI.NotFoundError);
  });

  test('input items: the earlier turns and the new input, with ids, newest first by default, paged by limit and after', async ({ fake, client, harness }) => {
    fake.enqueue(reply('A.'));
    const first = await client.responses.create({ model: 'chat', instructions: 'Not an item.', input: 'Q1' });
    fake.enqueue(reply('B.'));
    const second = await client.responses.create({
      model: 'chat',
      previous_response_id: first.id,
      input: [
        { role: 'developer', content: 'Be brief.' },
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Q2' }] },
      ],
    });
    const text = (item: OpenAI.Responses.ResponseItem): string =>
      item.type === 'message' ? item.content.map((part) => ('text' in part ? part.text : '')).join('') : item.type;

    const ascending = await client.responses.inputItems.list(second.id, { order: 'asc' });
    assert.equal(ascending.data.map(text), ['Q1', 'A.', 'Be brief.', 'Q2']);
    assert.equal(ascending.data.map((item) => (item.type === 'message' ? item.role : item.type)), ['user', 'assistant', 'developer', 'user']);
    for (const item of ascending.data) assert.match(item.id, /^msg_/);
    assert.is(ascending.data[1]!.id, first.output[0]!.id, 'the earlier output keeps its id');
    assert.equal(ascending.data[0]!, { id: ascending.data[0]!.id, type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Q1' }] } as unknown);

    const page = await client.responses.inputItems.list(second.id, { limit: 3 });
    assert.equal(page.data.map(text), ['Q2', 'Be brief.', 'A.']);
    assert.is(page.has_more, true);
    const body = (await (await fetch(`${harness.url}/v1/responses/${second.id}/input_items?limit=3`, { headers: { authorization: `Bearer ${client.apiKey}` } })).json()) as {
      object: string;
      first_id: string;
      last_id: string;
      has_more: boolean;
    };
    assert.is(body.has_more, true);
    assert.is(body.object, 'list');
    assert.is(body.first_id, page.data[0]!.id);
    assert.is(body.last_id, page.data[2]!.id);

    const all: string[] = [];
    for await (const item of client.responses.inputItems.list(second.id, { limit: 1 })) all.push(text(item));
    assert.equal(all, ['Q2', 'Be brief.', 'A.', 'Q1'], 'the SDK pages with after until has_more is false');

    const rest = await client.responses.inputItems.list(second.id, { order: 'asc', after: ascending.data[1]!.id });
    assert.equal(rest.data.map(text), ['Be brief.', 'Q2']);
    assert.is(rest.has_more, false);

    const bad = await failure(client.responses.inputItems.list(second.id, { limit: 101 }));
    assert.instance(bad, OpenAI.BadRequestError);
    assert.is(bad.param, 'limit');
  });

  test('another key can neither see, delete, list nor continue a response: 404s as for an unknown id', async ({ fake, client, other }) => {
    fake.enqueue(reply('Private.'));
    const mine = await client.responses.create({ model: 'chat', input: 'My secret is 42.' });
    for (const attempt of [() => other.responses.retrieve(mine.id), () => other.responses.delete(mine.id), () => other.responses.inputItems.list(mine.id)]) {
      const error = await failure(attempt());
      assert.instance(error, OpenAI.NotFoundError);
      assert.not.match(JSON.stringify(error.error), /42/);
    }
    const requests = fake.requests().length;
    const continued = await failure(other.responses.create({ model: 'chat', previous_response_id: mine.id, input: 'What is my secret?' }));
    assert.instance(continued, OpenAI.BadRequestError);
    assert.is(continued.code, 'previous_response_not_found');
    assert.is(continued.param, 'previous_response_id');
    assert.is(continued.message, `400 Previous response with id '${mine.id}' not found.`);
    assert.is(fake.requests().length, requests, 'the provider is not called');
    assert.is((await client.responses.retrieve(mine.id)).output_text, 'Private.', 'still there for its key');
  });

  test('unknown ids: retrieve is a 404, previous_response_id a 400 previous_response_not_found', async ({ client }) => {
    const missing = await failure(client.responses.retrieve('resp_nope'));
    assert.instance(missing, OpenAI.NotFoundError);
    assert.is(missing.message, "404 Response with id 'resp_nope' not found.");
    const continued = await failure(client.responses.create({ model: 'chat', previous_response_id: 'resp_nope', input: 'x' }));
    assert.instance(continued, OpenAI.BadRequestError);
    assert.is(continued.code, 'previous_response_not_found');
    const streamed = await failure(client.responses.create({ model: 'chat', previous_response_id: 'resp_nope', input: 'x', stream: true }));
    assert.instance(streamed, OpenAI.BadRequestError);
  });

  test('the stored-response endpoints need a virtual key like every /v1 endpoint, and refuse what they cannot do', async ({ fake, client, harness }) => {
    fake.enqueue(reply('Keyed.'));
    const created = await client.responses.create({ model: 'chat', input: 'x' });
    for (const [method, path] of [['GET', created.id], ['DELETE', created.id], ['GET', `${created.id}/input_items`]] as const) {
      const response = await fetch(`${harness.url}/v1/responses/${path}`, { method });
      assert.is(response.status, 401, `${method} ${path}`);
      assert.is(((await response.json()) as { error: { type: string } }).error.type, 'invalid_request_error');
    }
    const replay = await fetch(`${harness.url}/v1/responses/${created.id}?stream=true`, { headers: { authorization: `Bearer ${client.apiKey}` } });
    assert.is(replay.status, 400);
    assert.is(((await replay.json()) as { error: { param: string } }).error.param, 'stream');
    const nested = await fetch(`${harness.url}/v1/responses/${created.id}/other`, { headers: { authorization: `Bearer ${client.apiKey}` } });
    assert.is(nested.status, 400);
    assert.is((await client.responses.retrieve(created.id)).output_text, 'Keyed.');
  });

  test('store: false stores nothing, whole or streamed', async ({ fake, client, harness }) => {
    const rows = await harness.models.StoredResponseRecord.count();
    fake.enqueue(reply('Not kept.'));
    const whole = await client.responses.create({ model: 'chat', input: 'x', store: false });
    assert.is(storeOf(whole), false);
    fake.enqueue(reply('Not kept either.', 2));
    const streamed = await client.responses.stream({ model: 'chat', input: 'x', store: false }).finalResponse();
    assert.is(storeOf(streamed), false);
    assert.is(await harness.models.StoredResponseRecord.count(), rows);
    assert.instance(await failure(client.responses.retrieve(whole.id)), OpenAI.NotFoundError);
    const continued = await failure(client.responses.create({ model: 'chat', previous_response_id: streamed.id, input: 'x' }));
    assert.is(continued.code, 'previous_response_not_found');
  });

  test('a response too large to store is still answered, with store: false and a warning logged, whole and streamed', async ({ fake, client, harness, logs }) => {
    const rows = await harness.models.StoredResponseRecord.count();
    const large = 'x'.repeat(maxKb * 1024);
    fake.enqueue(reply('Answered anyway.'));
    const whole = await client.responses.create({ model: 'chat', input: large });
    assert.is(whole.output_text, 'Answered anyway.');
    assert.is(storeOf(whole), false);
    fake.enqueue(reply('Streamed anyway.', 2));
    const streamed = await client.responses.stream({ model: 'chat', input: large }).finalResponse();
    assert.is(streamed.output_text, 'Streamed anyway.');
    assert.is(storeOf(streamed), false);
    assert.is(await harness.models.StoredResponseRecord.count(), rows);
    assert.instance(await failure(client.responses.retrieve(whole.id)), OpenAI.NotFoundError);
    const warned = logs.filter((line) => line.msg === 'response too large to store; answered with store: false');
    assert.equal(warned.map((line) => line.responseId), [whole.id, streamed.id]);
  });

  test('a database that refuses the row: the answer goes out with store: false, the error is logged, the gateway carries on', async ({ fake, client, harness, logs }) => {
    const sequelize = harness.models.StoredResponseRecord.sequelize!;
    const queries = sequelize.getQueryInterface();
    await queries.renameTable('stored_responses', 'stored_responses_away');
    let whole: OpenAI.Responses.Response;
    let streamed: OpenAI.Responses.Response;
    try {
      fake.enqueue(reply('Unstored.'));
      whole = await client.responses.create({ model: 'chat', input: 'x' });
      fake.enqueue(reply('Unstored stream.', 2));
      streamed = await client.responses.stream({ model: 'chat', input: 'x' }).finalResponse();
    } finally {
      await queries.renameTable('stored_responses_away', 'stored_responses');
    }
    assert.is(whole.output_text, 'Unstored.');
    assert.is(storeOf(whole), false);
    assert.is(streamed.output_text, 'Unstored stream.');
    assert.is(storeOf(streamed), false);
    const failed = logs.filter((line) => line.msg === 'storing a response failed; answered with store: false');
    assert.equal(failed.map((line) => line.responseId), [whole.id, streamed.id]);
    fake.enqueue(reply('Back to normal.'));
    const after = await client.responses.create({ model: 'chat', input: 'x' });
    assert.is(storeOf(after), true);
    assert.is((await client.responses.retrieve(after.id)).output_text, 'Back to normal.');
  });

  test('stored responses past the request-log retention are purged with the logs, newer ones kept', async ({ fake, client, harness, keyId }) => {
    const repository = new StoredResponseRepository(harness.models, 2);
    const old = { keyId, createdAt: new Date(Date.now() - 40 * dayMs), inputItems: '[]', response: '{}' };
    for (const id of ['resp_old1', 'resp_old2', 'resp_old3']) await repository.save({ ...old, id });
    fake.enqueue(reply('Recent.'));
    const recent = await client.responses.create({ model: 'chat', input: 'x' });
    await harness.graphql('mutation { purgeRequestLogs }');
    assert.is(await repository.find('resp_old1', keyId), undefined);
    assert.is(await repository.find('resp_old3', keyId), undefined);
    assert.is((await client.responses.retrieve(recent.id)).output_text, 'Recent.');
  });

  test.run();
}
