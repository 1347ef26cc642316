/**
 * The router's failure handling end to end, driven with the official openai SDK through a real
 * gateway to fake upstreams: retries with backoff, Retry-After within and beyond its bound,
 * non-retryable errors, stalls before the first byte and mid-stream (per-deployment and default
 * timeouts), connections dropped by the upstream, and a client disconnect ending all retries.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { waitUntil } from '../../../../test/support/wait-until.ts';
import type { DatabaseTarget } from '../support/database-targets.ts';
import {
  ask,
  chatRequests,
  deploy,
  failure,
  logsOf,
  routerSettings,
  say,
  serverError,
  type RouterContext,
  useRouterContext,
} from '../support/router-harness.ts';

export function routerSuite(target: DatabaseTarget): void {
  const test = suite<RouterContext>(`router failure handling (${target.name})`);

  useRouterContext(test, target);

  test('a deployment that fails N times is retried with backoff until it answers', async (context) => {
    const { harness, client, primary } = context;
    await deploy(context, 'retry-me', 'primary');
    await routerSettings(harness, { maxRetries: 2, retryBaseDelayMs: 100, retryMaxDelayMs: 1000 });
    primary.enqueue(serverError);
    primary.enqueue(serverError);
    primary.enqueue(say('third time lucky'));
    const started = performance.now();
    const { data, response } = await client.chat.completions.create(ask('retry-me')).withResponse();
    const elapsed = performance.now() - started;
    assert.is(data.choices[0]?.message.content, 'third time lucky');
    assert.is(response.headers.get('x-conduit-attempts'), '3');
    // Backoffs of at least 50 ms and 100 ms (half of each step, with jitter).
    assert.ok(elapsed >= 150, `answered after ${elapsed} ms`);
    const log = (await logsOf(harness, 'retry-me')).find((row) => row.requestId === response.headers.get('x-request-id'));
    assert.is(log?.attempts, 3, 'the request log holds the attempts');
  });

  test('429 with Retry-After: honoured within the bound; beyond it the client gets it at once', async (context) => {
    const { harness, client, primary } = context;
    await deploy(context, 'limited', 'primary');
    await routerSettings(harness, { maxRetries: 1, retryBaseDelayMs: 10, retryMaxDelayMs: 2000 });
    primary.enqueue({ type: 'http-error', status: 429, message: 'slow down', retryAfterSeconds: 1 });
    primary.enqueue(say('after waiting'));
    const started = performance.now();
    const { data } = await client.chat.completions.create(ask('limited')).withResponse();
    assert.is(data.choices[0]?.message.content, 'after waiting');
    assert.ok(performance.now() - started >= 950, 'waited for the Retry-After');

    primary.reset();
    primary.enqueue({ type: 'http-error', status: 429, message: 'come back later', retryAfterSeconds: 7 });
    const refused = await failure(client.chat.completions.create(ask('limited')));
    assert.is(refused.status, 429);
    assert.is(refused.headers?.get('retry-after'), '7');
    assert.is(chatRequests(primary), 1, 'no retry when the upstream asks for longer than the bound');
  });

  test('non-retryable errors are returned at once: no other deployment, no retry', async (context) => {
    const { harness, client, primary, backup } = context;
    await deploy(context, 'strict', 'primary', { priority: 0 });
    await deploy(context, 'strict', 'backup', { priority: 1 });
    await routerSettings(harness, { maxRetries: 2 });
    primary.enqueue({ type: 'http-error', status: 400, message: 'bad parameter' });
    const refused = await failure(client.chat.completions.create(ask('strict')));
    assert.is(refused.status, 400);
    assert.is(chatRequests(primary), 1);
    assert.is(chatRequests(backup), 0);
  });

  test('a deployment that stalls before the first byte times out and the next one answers (JSON and stream)', async (context) => {
    const { client, primary, backup } = context;
    await deploy(context, 'stall', 'primary', { priority: 0, timeouts: { firstByteMs: 300, idleMs: 300 } });
    await deploy(context, 'stall', 'backup', { priority: 1 });
    primary.enqueue({ type: 'hang' });
    backup.enqueue(say('from backup'));
    const { data, response } = await client.chat.completions.create(ask('stall')).withResponse();
    assert.is(data.choices[0]?.message.content, 'from backup');
    assert.is(response.headers.get('x-conduit-provider'), 'backup');

    // Headers arrive, then nothing: the stream stalls before its first chunk.
    primary.enqueue({ type: 'stream-hang', textBefore: '' });
    backup.enqueue(say('streamed by backup'));
    const { data: stream, response: streamResponse } = await client.chat.completions.create({ ...ask('stall'), stream: true }).withResponse();
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    assert.is(text, 'streamed by backup');
    assert.is(streamResponse.headers.get('x-conduit-attempts'), '2');
  });

  test('deployments without timeouts of their own take the router’s defaults', async (context) => {
    const { harness, client, primary } = context;
    await deploy(context, 'default-timeouts', 'primary', { priority: 0 });
    await deploy(context, 'default-timeouts', 'backup', { priority: 1 });
    await routerSettings(harness, { firstByteTimeoutMs: 300 });
    try {
      primary.enqueue({ type: 'hang' });
      const started = performance.now();
      const { response } = await client.chat.completions.create(ask('default-timeouts')).withResponse();
      assert.is(response.headers.get('x-conduit-provider'), 'backup');
      assert.ok(performance.now() - started < 5000, 'gave up on the stalled deployment after the default first-byte timeout');
      const settings = await harness.graphql<{ routerSettings: { firstByteTimeoutMs: number | null } }>('{ routerSettings { firstByteTimeoutMs } }');
      assert.is(settings.routerSettings.firstByteTimeoutMs, 300);
    } finally {
      await routerSettings(harness, { firstByteTimeoutMs: null });
    }
  });

  test('a stream that stalls after output ends with an error event, without failover', async (context) => {
    const { client, primary, backup } = context;
    await deploy(context, 'stall-late', 'primary', { priority: 0, timeouts: { idleMs: 300 } });
    await deploy(context, 'stall-late', 'backup', { priority: 1 });
    primary.enqueue({ type: 'stream-hang', textBefore: 'partial answer' });
    let received = '';
    let error: unknown;
    try {
      for await (const chunk of await client.chat.completions.create({ ...ask('stall-late'), stream: true })) {
        received += chunk.choices[0]?.delta.content ?? '';
      }
    } catch (caught) {
      error = caught;
    }
    assert.is(received, 'partial answer');
    assert.match(String((error as Error)?.message), /timed out/i);
    assert.is(chatRequests(backup), 0);
  });

  test('a connection the upstream closes without answering fails over', async (context) => {
    const { client, dropper } = context;
    await deploy(context, 'dropped', 'dropper', { priority: 0 });
    await deploy(context, 'dropped', 'backup', { priority: 1 });
    const before = dropper.connections();
    const { response } = await client.chat.completions.create(ask('dropped')).withResponse();
    assert.is(response.headers.get('x-conduit-provider'), 'backup');
    assert.is(response.headers.get('x-conduit-attempts'), '2');
    assert.ok(dropper.connections() > before);
  });

  test('a client that disconnects aborts the upstream call and ends all retries', async (context) => {
    const { harness, client, primary, backup } = context;
    await deploy(context, 'abandoned', 'primary', { priority: 0 });
    await deploy(context, 'abandoned', 'backup', { priority: 1 });
    await routerSettings(harness, { maxRetries: 3 });
    primary.enqueue({ type: 'hang' });
    const controller = new AbortController();
    const pending = client.chat.completions.create(ask('abandoned'), { signal: controller.signal }).catch(() => undefined);
    await primary.waitForRequests(1);
    controller.abort();
    await primary.clientClosed();
    await pending;
    await waitUntil(async () => (await logsOf(harness, 'abandoned')).length > 0, { timeoutMs: 5000, description: 'the request log' });
    assert.is((await logsOf(harness, 'abandoned'))[0]?.status, 499);
    assert.is(chatRequests(backup), 0, 'nothing was tried after the disconnect');
  });

  test.run();
}
