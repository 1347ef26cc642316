/**
 * The router core: it owns the try / retry / fall-back loop; strategies only order.
 *
 * One pass tries the requested model's deployments in the order its strategy gives, then each
 * fallback model's, skipping deployments whose circuit breaker is open. A retryable failure moves on
 * to the next candidate; a non-retryable one (400, 401, 403, context length…) is the answer at once.
 * When a whole pass failed, up to `maxRetries` more passes follow, each after an exponential,
 * jittered backoff that honours Retry-After within `retryMaxDelayMs`. A client disconnect aborts the
 * call in progress and ends everything. Streams use `open`, which succeeds at the first output chunk
 * and keeps the deployment counted in flight until `finish`.
 *
 * Only the provider's failures count against a deployment (stats, circuit breaker): a refusal of the
 * request (non-retryable, e.g. an upstream 400) or an error thrown by code in the gateway (not a
 * ProviderError nor a network failure, e.g. a request that could not be serialised) is the answer
 * at once and leaves the deployment's record alone, so one client cannot take a model down.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { ProviderError, isNetworkFailure, networkError, type CapabilityName } from '@conduit/plugin-api';
import type { Cancellation } from '@conduit/plugin-api/internal';
import { GatewayError } from '../../domain/gateway-error.ts';
import type { AuthenticatedKey } from '../keys/virtual-key-cache.ts';
import type { Logger } from '../../ports/logger.ts';
import type { ProviderHealthBoard } from '../health/provider-health-board.ts';
import type { ConfigSnapshot, DeploymentRoute } from '../state/config-snapshot.ts';
import type { ConfigState } from '../state/config-state.ts';
import { backoffDelay } from './backoff-delay.ts';
import type { CircuitBreakers } from './circuit-breaker.ts';
import type { DeploymentStatsBook } from './deployment-stats.ts';
import { planRoutes, type FitRoute, type PlanStep, type RouteHints, type RoutePlan } from './plan-routes.ts';
import { toCandidate } from './route-candidates.ts';
import type { StrategySet } from './strategy-set.ts';
import { UpstreamFailure, type Attempted } from './upstream-failure.ts';

export interface RouterOptions {
  config: ConfigState;
  strategies: StrategySet;
  stats: DeploymentStatsBook;
  breakers: CircuitBreakers;
  health: ProviderHealthBoard;
  logger: Logger;
  /** Jitter; seeded in tests. */
  random?: () => number;
}

export interface OpenedAttempt<T> extends Attempted<T> {
  /**
   * Call exactly once when the response is over, with the error if it failed after output had reached
   * the client; the deployment stops counting as in flight and a mid-stream failure counts against it.
   */
  finish(error?: unknown): void;
}

export type Attempt<T> = (route: DeploymentRoute) => Promise<T>;

export class Router {
  private readonly random: () => number;
  private lastSnapshot: ConfigSnapshot | undefined;
  private readonly loopsLogged = new Set<string>();

  constructor(private readonly options: RouterOptions) {
    this.random = options.random ?? Math.random;
  }

  /** What may serve the request; throws the 403/404/400 GatewayError when nothing can. */
  plan(key: AuthenticatedKey, modelName: string, required: readonly CapabilityName[], hints: RouteHints = {}, fit?: FitRoute): RoutePlan {
    const snapshot = this.options.config.current;
    if (snapshot !== this.lastSnapshot) this.snapshotChanged(snapshot);
    const plan = planRoutes(snapshot, key, modelName, required, hints, fit);
    if (plan.loopsBack.length > 0 && !this.loopsLogged.has(modelName)) {
      this.loopsLogged.add(modelName);
      this.options.logger.info({ model: modelName, loopsBack: plan.loopsBack }, 'fallback rules loop back; each model is tried once');
    }
    return plan;
  }

  /** Calls deployments until one answers; the deployment is done with when `attempt` resolves. */
  async call<T>(plan: RoutePlan, cancellation: Cancellation, attempt: Attempt<T>): Promise<Attempted<T>> {
    const opened = await this.run(plan, cancellation, attempt);
    opened.finish();
    return { value: opened.value, route: opened.route, attempts: opened.attempts };
  }

  /** Like `call`, for responses that go on after `attempt` resolves (streams): call `finish` at the end. */
  open<T>(plan: RoutePlan, cancellation: Cancellation, attempt: Attempt<T>): Promise<OpenedAttempt<T>> {
    return this.run(plan, cancellation, attempt);
  }

  private async run<T>(plan: RoutePlan, cancellation: Cancellation, attempt: Attempt<T>): Promise<OpenedAttempt<T>> {
    const { stats, breakers } = this.options;
    const settings = plan.snapshot.router.settings;
    let attempts = 0;
    let last: UpstreamFailure | undefined;
    const aborted = (route: DeploymentRoute) =>
      new UpstreamFailure(new ProviderError({ code: 'aborted', message: 'The client closed the request', retryable: false }), route, attempts);

    for (let pass = 0; pass <= settings.maxRetries; pass++) {
      const attemptsBefore = attempts;
      if (pass > 0) {
        const delay = backoffDelay(pass, settings, last?.error.retryAfterMs, this.random);
        if (delay === undefined || this.outOfRotation(plan, Date.now() + delay)) break;
        try {
          await sleep(delay, undefined, { signal: cancellation.signal });
        } catch {
          throw aborted(last!.route);
        }
      }
      for (const step of plan.steps) {
        for (const route of this.order(step, plan)) {
          if (cancellation.aborted) throw aborted(route);
          if (!breakers.tryEnter(route, settings)) continue;
          attempts++;
          stats.begin(route.id);
          const started = performance.now();
          let value: T;
          try {
            value = await attempt(route);
          } catch (error) {
            stats.end(route.id);
            if (!isNetworkFailure(error)) {
              breakers.released(route);
              throw error;
            }
            const typed = ProviderError.isInstance(error) ? error : networkError(error, cancellation);
            last = new UpstreamFailure(typed, route, attempts);
            if (cancellation.aborted || typed.code === 'aborted') {
              breakers.released(route);
              throw last;
            }
            if (!typed.retryable) {
              breakers.released(route);
              throw last;
            }
            this.options.logger.debug({ deployment: route.id, provider: route.provider.name, code: typed.code, status: typed.status }, 'attempt failed');
            stats.failed(route.id, settings.breakerWindowMs);
            breakers.failed(route, settings);
            continue;
          }
          stats.succeeded(route.id, performance.now() - started, settings.breakerWindowMs);
          breakers.succeeded(route);
          return { value, route, attempts, finish: this.finisher(route, plan, cancellation) };
        }
      }
      if (!last) throw this.noHealthyDeployment(plan);
      if (attempts === attemptsBefore) break;
    }
    throw last!;
  }

  private order(step: PlanStep, plan: RoutePlan): DeploymentRoute[] {
    if (step.routes.length <= 1) return [...step.routes];
    const { settings } = plan.snapshot.router;
    const strategy = settings.modelStrategies[step.modelName] ?? settings.defaultStrategy;
    const candidates = step.routes.map((route) =>
      toCandidate(
        route,
        plan.snapshot.prices,
        this.options.stats.stats(route.id, settings.breakerWindowMs, this.options.health.status(route.provider.id)),
      ),
    );
    return this.options.strategies
      .order(strategy, candidates, { modelName: step.modelName, ...plan.hints })
      .map((candidate) => candidate.route);
  }

  private finisher(route: DeploymentRoute, plan: RoutePlan, cancellation: Cancellation): (error?: unknown) => void {
    let finished = false;
    return (error?: unknown) => {
      if (finished) return;
      finished = true;
      this.options.stats.end(route.id);
      if (error === undefined || cancellation.aborted || !isNetworkFailure(error)) return;
      const typed = ProviderError.isInstance(error) ? error : networkError(error, cancellation);
      if (!typed.retryable || typed.code === 'aborted') return;
      const { settings } = plan.snapshot.router;
      this.options.stats.failed(route.id, settings.breakerWindowMs);
      this.options.breakers.failed(route, settings);
    };
  }

  /** Whether every deployment's breaker will still be open (or probing) at `time`: no point retrying. */
  private outOfRotation(plan: RoutePlan, time: number): boolean {
    if (!plan.snapshot.router.settings.breakerEnabled) return false;
    return plan.routes.every((route) => {
      const view = this.options.breakers.view(route.id);
      return view.state === 'half-open' || (view.state === 'open' && view.retryAt! > time);
    });
  }

  private noHealthyDeployment(plan: RoutePlan): GatewayError {
    const retryAts = plan.routes
      .map((route) => this.options.breakers.view(route.id).retryAt)
      .filter((at): at is number => at !== undefined);
    const waitMs = retryAts.length > 0 ? Math.min(...retryAts) - Date.now() : 0;
    const seconds = Math.max(1, Math.ceil(waitMs / 1000));
    return new GatewayError({
      status: 503,
      type: 'server_error',
      code: 'no_healthy_deployment',
      message: `Every deployment that can serve the model '${plan.modelName}' is failing and temporarily out of rotation; retry after ${seconds} s.`,
      headers: { 'retry-after': String(seconds) },
    });
  }

  private snapshotChanged(snapshot: ConfigSnapshot): void {
    this.lastSnapshot = snapshot;
    this.loopsLogged.clear();
    const ids = new Set<string>();
    for (const name of snapshot.modelNames()) for (const route of snapshot.routesFor(name)) ids.add(route.id);
    this.options.stats.retain(ids);
    this.options.breakers.retain(ids);
  }
}
