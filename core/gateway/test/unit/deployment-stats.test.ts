import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DeploymentStatsBook } from '../../src/engine/routing/deployment-stats.ts';

function clock(start = 1_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

test('latency is a moving average, undefined until measured', () => {
  const book = new DeploymentStatsBook();
  assert.is(book.stats('d', 60_000, 'unknown').latencyMs, undefined);
  book.succeeded('d', 100, 60_000);
  assert.is(book.stats('d', 60_000, 'unknown').latencyMs, 100);
  book.succeeded('d', 200, 60_000);
  assert.ok(Math.abs(book.stats('d', 60_000, 'unknown').latencyMs! - 130) < 1e-9);
});

test('the error rate covers the window only', () => {
  const time = clock();
  const book = new DeploymentStatsBook(time.now);
  book.failed('d', 10_000);
  book.failed('d', 10_000);
  time.advance(5_000);
  book.succeeded('d', 10, 10_000);
  book.succeeded('d', 10, 10_000);
  assert.equal(book.window('d', 10_000), { requests: 4, failures: 2 });
  assert.is(book.stats('d', 10_000, 'up').errorRate, 0.5);
  time.advance(6_000);
  assert.equal(book.window('d', 10_000), { requests: 2, failures: 0 });
  assert.is(book.stats('d', 10_000, 'up').errorRate, 0);
});

test('in flight counts begun and not yet ended requests, never below zero', () => {
  const book = new DeploymentStatsBook();
  book.begin('d');
  book.begin('d');
  book.end('d');
  assert.is(book.stats('d', 1000, 'unknown').inFlight, 1);
  book.end('d');
  book.end('d');
  assert.is(book.stats('d', 1000, 'unknown').inFlight, 0);
});

test("other instances' reports are merged in", () => {
  const book = new DeploymentStatsBook();
  book.succeeded('d', 100, 60_000);
  book.begin('d');
  book.setRemote([{ d: { latencyMs: 300, requests: 3, failures: 3, inFlight: 4 } }]);
  const stats = book.stats('d', 60_000, 'up');
  assert.is(stats.inFlight, 5);
  assert.is(stats.requests, 4);
  assert.is(stats.errorRate, 0.75);
  assert.is(stats.latencyMs, (100 * 1 + 300 * 3) / 4);
  assert.equal(book.report(60_000), { d: { requests: 1, failures: 0, inFlight: 1, latencyMs: 100 } });
});

test('forgets deployments that are gone', () => {
  const book = new DeploymentStatsBook();
  book.succeeded('gone', 1, 1000);
  book.succeeded('kept', 1, 1000);
  book.retain(new Set(['kept']));
  assert.equal(Object.keys(book.report(1000)), ['kept']);
});

test.run();
