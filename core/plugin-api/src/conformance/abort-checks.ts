/** Abort: the caller's AbortSignal ends the call with code 'aborted' and closes the upstream request. */
import * as assert from 'uvu/assert';
import type { ConformanceCheck, ConformanceScenario } from './conformance-check.ts';
import { expectProviderError } from './testing/expect-provider-error.ts';
import { waitUntil } from './testing/wait-until.ts';
import { within } from './testing/within.ts';

async function abortWhileHanging(scenario: ConformanceScenario, start: (signal: AbortSignal) => Promise<unknown>): Promise<void> {
  const { fake } = scenario;
  fake.enqueue({ type: 'hang' });
  const before = fake.requests().length;
  const controller = new AbortController();
  const pending = start(controller.signal);
  // Keep the rejection handled while waiting for the request to arrive.
  pending.catch(() => undefined);
  await waitUntil(() => fake.requests().length > before, 'the request reached the fake upstream');
  controller.abort();
  const error = await expectProviderError(pending, 'an aborted call');
  assert.is(error.code, 'aborted');
  assert.is(error.retryable, false);
  await within(fake.clientClosed(), 'the fake upstream saw the client close the request', 5000);
}

export const abortChecks: ConformanceCheck[] = [
  {
    name: 'abort: chat rejects with aborted and closes the upstream request',
    requires: ['chat'],
    run: (scenario) =>
      abortWhileHanging(scenario, (signal) =>
        scenario.client.chat(scenario.chatRequest({ messages: [{ role: 'user', content: 'Hello' }] }), scenario.call(signal)),
      ),
  },
  {
    name: 'abort: stream rejects with aborted and closes the upstream request',
    requires: ['chat', 'stream'],
    run: (scenario) =>
      abortWhileHanging(scenario, async (signal) => {
        const stream = scenario.client.chatStream(
          scenario.chatRequest({ messages: [{ role: 'user', content: 'Hello' }], stream: true }),
          scenario.call(signal),
        );
        for await (const _chunk of stream) {
          // The fake never answers; the loop only ends by the abort.
        }
      }),
  },
];
