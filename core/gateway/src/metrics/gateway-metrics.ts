/**
 * Prometheus metrics for /metrics: requests, latency, the gateway's own overhead, tokens and cost,
 * plus the process defaults (CPU, memory, event-loop lag). Label values are bounded: endpoints,
 * status codes, and the model and provider names admins configured.
 */
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Usage } from '@conduit/plugin-api';

export interface FinishedRequestMetrics {
  endpoint: string;
  status: number;
  stream: boolean;
  model: string | undefined;
  provider: string | undefined;
  latencyMs: number;
  overheadMs: number;
  usage: Usage | undefined;
  cost: number;
}

export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'conduit_requests_total',
    help: 'Requests answered on /v1',
    labelNames: ['endpoint', 'status', 'provider'] as const,
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'conduit_request_duration_seconds',
    help: 'Time from request to the end of the response (whole stream for streams)',
    labelNames: ['endpoint', 'stream'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    registers: [this.registry],
  });
  private readonly overhead = new Histogram({
    name: 'conduit_overhead_seconds',
    help: 'Time spent in the gateway itself, excluding waits on the upstream',
    labelNames: ['endpoint'] as const,
    buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1],
    registers: [this.registry],
  });
  private readonly tokens = new Counter({
    name: 'conduit_tokens_total',
    help: 'Tokens billed, by direction',
    labelNames: ['model', 'direction'] as const,
    registers: [this.registry],
  });
  private readonly cost = new Counter({
    name: 'conduit_cost_usd_total',
    help: 'Cost billed, in USD',
    labelNames: ['model'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'conduit_' });
  }

  observe(request: FinishedRequestMetrics): void {
    this.requests.inc({ endpoint: request.endpoint, status: String(request.status), provider: request.provider ?? 'none' });
    this.latency.observe({ endpoint: request.endpoint, stream: String(request.stream) }, request.latencyMs / 1000);
    this.overhead.observe({ endpoint: request.endpoint }, request.overheadMs / 1000);
    if (request.model && request.usage) {
      this.tokens.inc({ model: request.model, direction: 'prompt' }, request.usage.prompt_tokens);
      this.tokens.inc({ model: request.model, direction: 'completion' }, request.usage.completion_tokens);
    }
    if (request.model && request.cost > 0) this.cost.inc({ model: request.model }, request.cost);
  }
}
