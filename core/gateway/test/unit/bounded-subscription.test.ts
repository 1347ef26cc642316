import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createPubSub } from 'graphql-yoga';
import { boundedSubscription, SubscriberTooSlowError } from '../../src/adapters/graphql/live/bounded-subscription.ts';
import { LiveSubscriptions } from '../../src/adapters/graphql/live/live-subscriptions.ts';

const tick = () => new Promise((resolve) => setImmediate(resolve));

test('a subscriber that reads keeps receiving every event in order', async () => {
  const pubSub = createPubSub<{ topic: [number] }>();
  const events = boundedSubscription(pubSub.subscribe('topic'), { maxQueued: 3, signal: new AbortController().signal });
  await tick();
  const received: number[] = [];
  for (let value = 0; value < 10; value++) {
    pubSub.publish('topic', value);
    received.push((await events.next()).value as number);
  }
  assert.equal(received, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  await events.return!();
});

test('a subscriber that falls behind past the bound is ended with a clear error; the publisher never waits', async () => {
  const pubSub = createPubSub<{ topic: [number] }>();
  let ended = false;
  const events = boundedSubscription(pubSub.subscribe('topic'), { maxQueued: 5, signal: new AbortController().signal, onEnd: () => (ended = true) });
  await tick();
  for (let value = 0; value < 100; value++) pubSub.publish('topic', value);
  await tick();
  assert.ok(ended, 'ended as soon as it overflowed, before the reader came back');
  const error = await events.next().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  assert.instance(error, SubscriberTooSlowError);
  assert.is((error as SubscriberTooSlowError).extensions.code, 'SUBSCRIBER_TOO_SLOW');
  assert.match((error as Error).message, /fell behind by more than 5 events/);
  assert.equal(await events.next(), { value: undefined, done: true });
});

test('a filter drops events before they count against the bound', async () => {
  const pubSub = createPubSub<{ topic: [number] }>();
  const events = boundedSubscription(pubSub.subscribe('topic'), { maxQueued: 2, filter: (value) => value === 42, signal: new AbortController().signal });
  await tick();
  for (let value = 0; value < 50; value++) pubSub.publish('topic', value);
  await tick();
  assert.equal(await events.next(), { value: 42, done: false });
  await events.return!();
});

test('closing the live subscriptions ends every open one (done, no error) and counts them', async () => {
  const pubSub = createPubSub<{ 'conduit:adminChange': [{ entity: string; id: string | null; action: string }] }>();
  const live = new LiveSubscriptions(pubSub as never, { maxQueuedPerSubscriber: 10 });
  const first = live.subscribe('adminChange');
  const second = live.subscribe('adminChange');
  assert.is(live.open, 2);
  const pending = first.next();
  live.close();
  assert.equal(await pending, { value: undefined, done: true });
  assert.equal(await second.next(), { value: undefined, done: true });
  assert.is(live.open, 0);
  assert.equal(await live.subscribe('adminChange').next(), { value: undefined, done: true });
});

test.run();
