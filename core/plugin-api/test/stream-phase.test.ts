import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { withStreamPhase } from '../src/stream-phase.ts';
import { ProviderError } from '../src/provider-error.ts';

async function drain<T>(stream: AsyncIterable<T>, into: T[]): Promise<ProviderError> {
  try {
    for await (const item of stream) into.push(item);
  } catch (error) {
    assert.ok(ProviderError.isInstance(error), 'a ProviderError');
    return error as ProviderError;
  }
  throw new Error('expected the stream to fail');
}

test('a failure before the first item keeps phase before-output', async () => {
  const items: number[] = [];
  const error = await drain(
    withStreamPhase(
      (async function* (): AsyncGenerator<number> {
        throw new ProviderError({ code: 'rate_limit', message: 'slow down' });
      })(),
    ),
    items,
  );
  assert.equal([error.code, error.phase, items.length], ['rate_limit', 'before-output', 0]);
});

test('a failure after an item becomes mid-stream', async () => {
  const items: number[] = [];
  const error = await drain(
    withStreamPhase(
      (async function* () {
        yield 1;
        throw new ProviderError({ code: 'server', message: 'broke' });
      })(),
    ),
    items,
  );
  assert.equal([error.code, error.phase, items], ['server', 'mid-stream', [1]]);
});

test('a mid-stream failure of what the plugin read, before it yielded anything (it held a chunk back), is before-output', async () => {
  const items: number[] = [];
  const error = await drain(
    withStreamPhase(
      (async function* (): AsyncGenerator<number> {
        throw new ProviderError({ code: 'connection', message: 'cut after the role chunk', phase: 'mid-stream' });
      })(),
    ),
    items,
  );
  assert.equal([error.code, error.phase, items.length], ['connection', 'before-output', 0]);
});

test('a raw error becomes a ProviderError: connection, or aborted when the signal was aborted', async () => {
  const failing = async function* (): AsyncGenerator<number> {
    throw new Error('socket hang up');
  };
  assert.is((await drain(withStreamPhase(failing()), [])).code, 'connection');
  const controller = new AbortController();
  controller.abort();
  assert.is((await drain(withStreamPhase(failing(), controller.signal), [])).code, 'aborted');
});

test('a stream that ends normally yields every item', async () => {
  const items: number[] = [];
  for await (const item of withStreamPhase((async function* () { yield* [1, 2, 3]; })())) items.push(item);
  assert.equal(items, [1, 2, 3]);
});

test.run();
