/**
 * Prometheus metrics for /metrics: requests, latency, the gateway's own overhead, tokens and cost,
 * plus the process defaults (CPU, memory, event-loop lag). Label values are bounded: endpoints,
 * status codes, and the model and provider names admins configured.
 */
import { Registry, collectDefaultMetrics } from 'prom-client';
import { LeanCounter, LeanHistogram } from './lean-metrics.ts';
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
  /** Nano-dollars. */
  costNanos: number;
}

export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly requests = new LeanCounter('conduit_requests_total', 'Requests answered on /v1', ['endpoint', 'status', 'provider'], this.registry);
  private readonly latency = new LeanHistogram(
    'conduit_request_duration_seconds',
    'Time from request to the end of the response (whole stream for streams)',
    ['endpoint', 'stream'],
    [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    this.registry,
  );
  private readonly overhead = new LeanHistogram(
    'conduit_overhead_seconds',
    'Time spent in the gateway itself, excluding waits on the upstream',
    ['endpoint'],
    [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1],
    this.registry,
  );
  private readonly tokens = new LeanCounter('conduit_tokens_total', 'Tokens billed, by direction', ['model', 'direction'], this.registry);
  // Summed in whole nano-dollars, exact; exported in USD.
  private readonly cost = new LeanCounter('conduit_cost_usd_total', 'Cost billed, in USD', ['model'], this.registry, 1e9);

  private readonly responseCache = new LeanCounter(
    'conduit_response_cache_total',
    'Response cache outcomes: hit, miss, bypass (skipped: Cache-Control, or the store is unreachable), store, error, coalesced (waited for an identical request under way)',
    ['outcome'],
    this.registry,
  );

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'conduit_' });
  }

  cacheOutcome(outcome: string): void {
    this.responseCache.inc([outcome]);
  }

  observe(request: FinishedRequestMetrics): void {
    const endpoint = request.endpoint;
    this.requests.inc([endpoint, String(request.status), request.provider ?? 'none']);
    this.latency.observe([endpoint, request.stream ? 'true' : 'false'], request.latencyMs / 1000);
    this.overhead.observe([endpoint], request.overheadMs / 1000);
    const model = request.model;
    if (model && request.usage) {
      this.tokens.inc([model, 'prompt'], request.usage.prompt_tokens);
      this.tokens.inc([model, 'completion'], request.usage.completion_tokens);
    }
    if (model && request.costNanos > 0) this.cost.inc([model], request.costNanos);
  }
}
