/**
 * Counters and histograms for the per-request metrics, registered on a prom-client Registry and
 * exposed through it like prom-client's own. They exist because prom-client hashes and sorts the
 * label object on every `inc` and `observe`, which cost a few microseconds per request on the hot
 * path; here an observation is a Map lookup by the label values and a short loop.
 */
import type { Metric, Registry } from 'prom-client';

interface Sample {
  labels: Record<string, string | number>;
  /** Rendered after `labels`, as prom-client does for a histogram's buckets (`le` first). */
  sharedLabels?: Record<string, string>;
  value: number;
  metricName?: string;
}

abstract class LeanMetric<S> {
  readonly aggregator = 'sum';
  protected readonly series = new Map<string, { labels: Record<string, string>; data: S }>();

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly labelNames: readonly string[],
    registry: Registry,
  ) {
    // prom-client renders any registered object with its metrics' name, help, type and get().
    registry.registerMetric(this as unknown as Metric);
  }

  abstract readonly type: 'counter' | 'histogram';

  /** Forgets every series (prom-client's `registry.resetMetrics()`). */
  reset(): void {
    this.series.clear();
  }

  protected seriesOf(values: readonly string[], create: () => S): S {
    const key = values.length === 1 ? values[0]! : values.join('\u0000');
    let found = this.series.get(key);
    if (found === undefined) {
      const labels: Record<string, string> = {};
      this.labelNames.forEach((name, index) => (labels[name] = values[index]!));
      found = { labels, data: create() };
      this.series.set(key, found);
    }
    return found.data;
  }

  protected result(values: Sample[]): { name: string; help: string; type: 'counter' | 'histogram'; aggregator: 'sum'; values: Sample[] } {
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }
}

export class LeanCounter extends LeanMetric<{ value: number }> {
  readonly type = 'counter';

  /** `divisor`: counted units per exported unit (1e9 to count nano-dollars and export USD; dividing prints the exact decimal). */
  constructor(name: string, help: string, labelNames: readonly string[], registry: Registry, private readonly divisor = 1) {
    super(name, help, labelNames, registry);
  }

  /** Adds `amount` (default 1) to the series of these label values, in the order of the label names. */
  inc(values: readonly string[], amount = 1): void {
    this.seriesOf(values, () => ({ value: 0 })).value += amount;
  }

  async get(): Promise<ReturnType<LeanMetric<unknown>['result']>> {
    return this.result([...this.series.values()].map(({ labels, data }) => ({ labels, value: this.divisor === 1 ? data.value : data.value / this.divisor })));
  }
}

export class LeanHistogram extends LeanMetric<{ counts: Float64Array; sum: number; count: number }> {
  readonly type = 'histogram';

  constructor(name: string, help: string, labelNames: readonly string[], private readonly buckets: readonly number[], registry: Registry) {
    super(name, help, labelNames, registry);
  }

  observe(values: readonly string[], value: number): void {
    const buckets = this.buckets;
    const data = this.seriesOf(values, () => ({ counts: new Float64Array(buckets.length), sum: 0, count: 0 }));
    for (let index = 0; index < buckets.length; index++) {
      if (value <= buckets[index]!) {
        data.counts[index]! += 1;
        break;
      }
    }
    data.sum += value;
    data.count += 1;
  }

  /** The samples as prom-client renders its own histograms in the text format. */
  async getForPromString(): Promise<ReturnType<LeanMetric<unknown>['result']>> {
    const samples: Sample[] = [];
    for (const { labels, data } of this.series.values()) {
      let cumulative = 0;
      this.buckets.forEach((bound, index) => {
        cumulative += data.counts[index]!;
        samples.push({ labels: { le: bound }, sharedLabels: labels, value: cumulative, metricName: `${this.name}_bucket` });
      });
      samples.push({ labels: { le: '+Inf' }, sharedLabels: labels, value: data.count, metricName: `${this.name}_bucket` });
      samples.push({ labels, value: data.sum, metricName: `${this.name}_sum` });
      samples.push({ labels, value: data.count, metricName: `${this.name}_count` });
    }
    return this.result(samples);
  }

  async get(): Promise<ReturnType<LeanMetric<unknown>['result']>> {
    const rendered = await this.getForPromString();
    rendered.values = rendered.values.map(({ labels, sharedLabels, ...rest }) => ({ ...rest, labels: { ...labels, ...sharedLabels } }));
    return rendered;
  }
}
