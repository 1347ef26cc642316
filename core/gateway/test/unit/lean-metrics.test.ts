/** The lean counters and histograms render exactly as prom-client's own, fed the same observations. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Counter, Histogram, Registry } from 'prom-client';
import { LeanCounter, LeanHistogram } from '../../src/engine/metrics/lean-metrics.ts';

const buckets = [0.001, 0.01, 0.1, 1];
const observations: Array<[string, string, number]> = [
  ['chat/completions', 'false', 0.0004],
  ['chat/completions', 'true', 0.05],
  ['embeddings', 'false', 0.01],
  ['chat/completions', 'false', 3],
  ['chat/completions', 'false', 0.2],
  ['a "quoted"\\path', 'false', 0.02],
];

test('a histogram and a counter render as prom-client renders them', async () => {
  const reference = new Registry();
  const referenceHistogram = new Histogram({ name: 'h_seconds', help: 'a histogram', labelNames: ['endpoint', 'stream'], buckets, registers: [reference] });
  const referenceCounter = new Counter({ name: 'c_total', help: 'a counter', labelNames: ['endpoint'], registers: [reference] });
  const lean = new Registry();
  const leanHistogram = new LeanHistogram('h_seconds', 'a histogram', ['endpoint', 'stream'], buckets, lean);
  const leanCounter = new LeanCounter('c_total', 'a counter', ['endpoint'], lean);
  for (const [endpoint, stream, value] of observations) {
    referenceHistogram.observe({ endpoint, stream }, value);
    leanHistogram.observe([endpoint, stream], value);
    referenceCounter.inc({ endpoint }, value * 10);
    leanCounter.inc([endpoint], value * 10);
  }
  assert.is(await lean.metrics(), await reference.metrics());
  // As JSON too, but for the exemplars prom-client carries (always empty here).
  const withoutExemplars = (metrics: unknown): unknown => JSON.parse(JSON.stringify(metrics, (key, value: unknown) => (key === 'exemplar' ? undefined : value)));
  assert.equal(withoutExemplars(await lean.getMetricsAsJSON()), withoutExemplars(await reference.getMetricsAsJSON()));
});

test('reset forgets every series', async () => {
  const registry = new Registry();
  const counter = new LeanCounter('c_total', 'a counter', ['endpoint'], registry);
  counter.inc(['x']);
  registry.resetMetrics();
  assert.not.match(await registry.metrics(), /c_total\{/);
});

test.run();
