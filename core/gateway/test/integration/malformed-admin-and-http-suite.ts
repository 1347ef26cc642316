/**
 * Malformed and costly input outside the /v1 JSON bodies: GraphQL documents too deep, too wide or
 * too costly (refused before validation and execution, as GraphQL errors), GraphQL requests yoga
 * refuses without a body, and HTTP that Node's parser refuses. None is a 500, a 204 or a bare status.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { connect } from 'node:net';
import OpenAI from 'openai';
import { startOpenAIFakeUpstream, type OpenAIFakeUpstream } from '../../../../plugins/provider-openai/test/fake-openai-upstream.ts';
import { startTestGateway, testMasterKey, type TestGateway } from '../support/test-gateway.ts';
import type { DatabaseTarget } from '../support/database-targets.ts';
import { watchMainThreadStretches } from '../support/main-thread-stretches.ts';

interface Context {
  fake: OpenAIFakeUpstream;
  harness: TestGateway;
  client: OpenAI;
}

const chat = { model: 'chat', messages: [{ role: 'user' as const, content: 'hi' }] };

/** Writes `raw` on a fresh connection and reads until the server closes it. */
function rawExchange(url: string, raw: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(raw));
    let text = '';
    socket.on('data', (chunk) => (text += chunk.toString('latin1')));
    socket.on('close', () => resolve(text));
    socket.on('error', (error) => (text ? resolve(text) : reject(error)));
    socket.setTimeout(5000, () => socket.destroy(new Error('no answer in 5 s')));
  });
}

function parseRaw(text: string): { status: number; headers: string; body: { error: { type: string; code: string; message: string } } } {
  const [head, ...rest] = text.split('\r\n\r\n');
  return { status: Number(head!.split(' ')[1]), headers: head!.toLowerCase(), body: JSON.parse(rest.join('\r\n\r\n')) };
}

export function malformedAdminAndHttpSuite(target: DatabaseTarget): void {
  const test = suite<Context>(`malformed GraphQL and HTTP (${target.name})`);

  test.before(async (context) => {
    try {
      context.fake = await startOpenAIFakeUpstream();
      context.harness = await startTestGateway({ databaseUrl: await target.freshDatabaseUrl() });
      const provider = await context.harness.createOpenAIProvider('upstream-one', context.fake);
      await context.harness.createDeployment({ modelName: 'chat', providerId: provider, providerModel: 'gpt-4o-mini' });
      context.client = context.harness.openai((await context.harness.createKey()).key);
    } catch (error) {
      console.error(error);
      throw error;
    }
  });

  test.after(async ({ harness, fake }) => {
    await harness?.close();
    await fake?.close();
  });

  test('documents nested 10,000 deep or with 200,000 fields are GraphQL errors, not 500s', async ({ harness }) => {
    const deep = `{ ${'virtualKeys { '.repeat(10_000)}id${' }'.repeat(10_000)} }`;
    const wide = `{ virtualKeys { ${Array.from({ length: 200_000 }, () => 'id').join(' ')} } }`;
    const deepish = `{ ${'virtualKeys { '.repeat(2_400)}id${' }'.repeat(2_400)} }`;
    for (const query of [deep, wide, deepish]) {
      const { status, body } = await harness.graphqlRaw(query);
      assert.ok(status >= 200 && status < 500, `status ${status}`);
      assert.ok(body.errors?.length, 'a GraphQL error');
      assert.is(body.data ?? undefined, undefined);
    }
    const health = await fetch(`${harness.url}/health/live`);
    assert.is(health.status, 200);
  });

  test('aliases, fields and depth past their limits are refused before execution, naming the limit', async ({ harness }) => {
    const aliases = (count: number) => `{ ${Array.from({ length: count }, (_, index) => `k${index}: virtualKeys { id }`).join(' ')} }`;
    const cases: Array<[string, string]> = [
      [aliases(10_000), 'maxTokens'],
      [aliases(21), 'maxAliases'],
      // A fragment bomb: each level spreads the one below twice, 2^12 fields from a few lines.
      [
        `{ virtualKeys { ...f0 } } ${Array.from({ length: 12 }, (_, index) => `fragment f${index} on VirtualKey { id ...f${index + 1} ...f${index + 1} }`).join(' ')} fragment f12 on VirtualKey { id }`,
        'maxFields',
      ],
      [`{ ${'virtualKeys { '.repeat(13)}id${' }'.repeat(13)} }`, 'maxDepth'],
    ];
    for (const [query, limit] of cases) {
      const started = performance.now();
      const { body } = await harness.graphqlRaw(query);
      const error = body.errors?.[0];
      assert.is(error?.extensions?.code, limit === 'maxTokens' ? 'GRAPHQL_PARSE_FAILED' : 'QUERY_TOO_COMPLEX', `${limit}: ${error?.message}`);
      if (limit !== 'maxTokens') assert.is(error?.extensions?.limit, limit);
      assert.ok(performance.now() - started < 2000, `${limit} refused in ${(performance.now() - started).toFixed(0)} ms`);
    }
    const allowed = await harness.graphqlRaw(aliases(20));
    assert.is(allowed.body.errors, undefined);
  });

  test('a heavy but allowed admin query does not stall /v1', async ({ harness, client }) => {
    for (let index = 0; index < 40; index++) await harness.createKey({ name: `bulk ${index}`, maxBudget: 5 });
    const heavy = `{ ${Array.from({ length: 20 }, (_, index) => `k${index}: virtualKeys { id name spend budget { spend remaining } }`).join(' ')} }`;
    await client.chat.completions.create(chat);
    const stretches = watchMainThreadStretches();
    const admin = harness.graphqlRaw(heavy);
    const latencies: number[] = [];
    for (let round = 0; round < 10; round++) {
      const started = performance.now();
      await client.chat.completions.create(chat);
      latencies.push(performance.now() - started);
    }
    const { body } = await admin;
    const longest = stretches.stop();
    assert.is(body.errors, undefined);
    assert.is((body.data as Record<string, unknown[]>).k19!.length, 41);
    // A wide bound on the main thread's CPU time between two turns of its loop (not the wall clock,
    // which on a loaded machine, in a process shared with other suites, measures everything else too):
    // the point is that /v1 is never held for the whole query.
    assert.ok(longest.longestWorkMs < 300, `the main thread worked ${longest.longestWorkMs.toFixed(0)} ms at a stretch beside /v1 (${latencies.length} calls answered)`);
  });

  test('a POST that is not JSON, or that accepts only HTML, gets a 4xx with a GraphQL error body, never a 204', async ({ harness }) => {
    const requests: Array<Record<string, string>> = [
      { 'content-type': 'text/plain' },
      { 'content-type': 'application/json', accept: 'text/html' },
    ];
    for (const headers of requests) {
      const response = await fetch(`${harness.url}/graphql`, {
        method: 'POST',
        headers: { authorization: `Bearer ${testMasterKey}`, ...headers },
        body: JSON.stringify({ query: '{ virtualKeys { id } }' }),
      });
      assert.ok(response.status >= 400 && response.status < 500, `${JSON.stringify(headers)}: ${response.status}`);
      assert.match(response.headers.get('content-type') ?? '', /json/);
      const body = (await response.json()) as { errors: Array<{ message: string }> };
      assert.ok(body.errors[0]!.message.length > 10, body.errors[0]!.message);
    }
  });

  test('HTTP that Node refuses gets an OpenAI-format JSON body, then the connection closes', async ({ harness }) => {
    const oversized = parseRaw(await rawExchange(harness.url, `GET /v1/models HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`));
    assert.is(oversized.status, 431);
    assert.match(oversized.headers, /content-type: application\/json/);
    assert.match(oversized.headers, /connection: close/);
    assert.equal([oversized.body.error.type, oversized.body.error.code], ['invalid_request_error', 'request_header_fields_too_large']);

    const conflicting = parseRaw(await rawExchange(harness.url, 'POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!'));
    assert.is(conflicting.status, 400);
    assert.equal([conflicting.body.error.type, conflicting.body.error.code], ['invalid_request_error', 'malformed_request']);

    const garbage = parseRaw(await rawExchange(harness.url, 'NOT HTTP AT ALL\r\n\r\n'));
    assert.is(garbage.status, 400);
    assert.is((await fetch(`${harness.url}/health/live`)).status, 200);
  });

  test.run();
}
