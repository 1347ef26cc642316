/**
 * The admission of billable /v1 requests: every RPM, RPD, TPM, parallel and budget limit of the key
 * and of its group, checked and counted in one atomic store operation. The budget check reserves the
 * request's worst-case cost (prompt tokens counted plus max_tokens, or the model's output limit, at
 * the dearest candidate deployment's prices); the ticket left on the request record lets the usage
 * recorder settle it to the real cost, or release it on failure.
 */
import { randomUUID } from 'node:crypto';
import type { SpendScopeKind } from '../../domain/spend-scope.ts';
import type { KeyGroupCache } from '../keys/key-group-cache.ts';
import type { AuthenticatedKey } from '../keys/virtual-key-cache.ts';
import { hasAnyLimit, noLimits, type LimitScope } from '../../domain/limit-settings.ts';
import type { Logger } from '../../ports/logger.ts';
import type { ConfigState } from '../state/config-state.ts';
import { uncountedTicket, type Admission, type AdmissionRequest, type Admitted } from './admission.ts';
import { planAdmission } from './admission-plan.ts';
import type { AdmissionTicket } from '../../domain/admission-ticket.ts';
import type { BudgetCounters } from './budget-counters.ts';
import { allPeriodKeys } from '../../domain/budget-period.ts';
import type { AdmitResult, CounterStore, WindowSpec } from '../../ports/counter-store.ts';
import type { LeaseKeeper } from './lease-keeper.ts';
import type { LimitDefaultsState } from './limit-defaults.ts';
import type { ModelPrice } from '../usage/price-table.ts';
import { countersUnavailable, refusalError } from './limit-errors.ts';
import { rateLimitHeaders } from './rate-limit-headers.ts';
import { counterNames, rateWindows } from './rate-windows.ts';
import { budgetReservation, type ReservationDetail } from './reservation-cost.ts';
import { unpricedRefusal } from './unpriced-policy.ts';

export interface LimitsAdmissionOptions {
  store: CounterStore;
  groups: KeyGroupCache;
  config: ConfigState;
  defaults: LimitDefaultsState;
  budgets: BudgetCounters;
  leases: LeaseKeeper;
  logger: Logger;
}

/** Rebuilding a budget counter twice in a row means something else keeps removing it. */
const buildAttempts = 3;

/** What admission needs to know of a key and its group, worked out once per key and group state. */
interface ScopeSet {
  group: LimitScope | undefined;
  scopes: LimitScope[];
  /** Whose spend a request is (key, and group when it has one). */
  owners: ReadonlyArray<{ kind: SpendScopeKind; id: string }>;
  /** The scopes that have any limit. */
  limited: LimitScope[];
  needsBudget: boolean;
  needsTokens: boolean;
}

const none: readonly never[] = Object.freeze([]);
const noHeaders: Readonly<Record<string, string>> = Object.freeze({});

export class LimitsAdmission implements Admission {
  /** By key object: the key cache replaces the object when the key changes. */
  private readonly scopeSets = new WeakMap<AuthenticatedKey, ScopeSet>();

  constructor(private readonly options: LimitsAdmissionOptions) {}

  async admit(request: AdmissionRequest): Promise<Admitted> {
    const now = Date.now();
    const set = this.scopeSetOf(request.key);
    const defaults = this.options.defaults.current;
    let prices: ReadonlyArray<ModelPrice | undefined> | undefined;
    if (set.needsBudget || defaults.unpricedModels === 'REFUSE') {
      const table = this.options.config.current.prices;
      prices = request.routes.map((route) => table.find(route.modelName, route.providerModel));
      const unpriced = unpricedRefusal(defaults.unpricedModels, set.needsBudget, request.model, request.routes, prices);
      if (unpriced) throw unpriced;
    }
    if (set.limited.length === 0) {
      // Nothing to count; the ticket still says whose spend the request is (key and group).
      return { ticket: uncountedTicket(randomUUID(), set.owners, allPeriodKeys(now)), headers: noHeaders };
    }

    const promptTokens = set.needsTokens ? request.prompt.tokens(request.routes[0]?.providerModel ?? request.model) : 0;
    let reservation = 0;
    let detail: ReservationDetail | undefined;
    if (set.needsBudget && prices) {
      ({ nanos: reservation, detail } = budgetReservation(prices, { promptTokens, media: request.prompt.media, maxOutputTokens: request.maxOutputTokens, audio: request.audio }, defaults));
    }
    const id = randomUUID();
    const plan = planAdmission({
      ticket: id,
      leaseMs: this.options.leases.leaseMs,
      now,
      scopes: set.limited,
      tokenEstimate: promptTokens + (request.maxOutputTokens ?? 0),
      reservation,
    });

    let result: AdmitResult;
    try {
      result = await this.options.store.admit(plan.request);
      for (let attempt = 1; result.status === 'unbuilt' && attempt < buildAttempts; attempt++) {
        const unbuilt = plan.budgets.filter((_budget, index) => result.budgets[index]?.unbuilt);
        await Promise.all(unbuilt.map((budget) => this.options.budgets.build(budget.scope.kind, budget.scope.id, budget.window.key)));
        result = await this.options.store.admit(plan.request);
      }
    } catch (error) {
      this.options.logger.error({ err: error, requestId: request.requestId }, 'the counter store is unreachable');
      throw countersUnavailable(error);
    }
    if (result.status === 'unbuilt') throw countersUnavailable(new Error('budget counters could not be built'));

    const headers = rateLimitHeaders(plan.windows, result.windows);
    if (result.status === 'refused') throw refusalError(plan, result, headers, now, detail);
    const tokenWindows: AdmissionTicket['tokenWindows'][number][] = [];
    for (const window of plan.windows) {
      if (window.dimension !== 'tpm') continue;
      const { spec } = window;
      tokenWindows.push({ counter: spec.counter, windowMs: spec.windowMs, bucketMs: spec.bucketMs, bucket: Math.floor(result.now / spec.bucketMs), reserved: spec.weight });
    }
    const admitted: AdmissionTicket = {
      id,
      scopes: set.owners,
      periodKeys: allPeriodKeys(now),
      tokenWindows,
      parallel: plan.parallel.length === 0 ? none : plan.parallel.map((entry) => entry.spec.counter),
      budgets:
        plan.budgets.length === 0
          ? none
          : plan.budgets.map((budget) => ({ counter: budget.spec.counter, scope: budget.scope, window: budget.window, limit: budget.spec.limit })),
      settled: false,
    };
    this.options.leases.track(admitted);
    return { ticket: admitted, headers };
  }

  /** The x-ratelimit-* headers of a key without counting anything (for responses that are not billed). */
  async currentHeaders(key: AuthenticatedKey): Promise<Record<string, string>> {
    const planned = this.scopeSetOf(key).scopes.flatMap((scope) =>
      (['rpm', 'rpd', 'tpm'] as const).flatMap((dimension) => {
        const limit = scope.limits[dimension];
        if (limit === null) return [];
        const { windowMs, bucketMs } = rateWindows[dimension];
        const spec: WindowSpec = { counter: counterNames.window(scope.kind, scope.id, dimension), windowMs, bucketMs, limit, weight: 0 };
        return [{ scope, dimension, spec }];
      }),
    );
    if (planned.length === 0) return {};
    const readings = await this.options.store.peek(planned.map((entry) => entry.spec));
    return rateLimitHeaders(planned, readings);
  }

  private scopeSetOf(key: AuthenticatedKey): ScopeSet {
    const group = this.options.groups.get(key.groupId ?? null);
    const cached = this.scopeSets.get(key);
    if (cached && cached.group === group) return cached;
    const keyScope: LimitScope = { kind: 'key', id: key.id, name: key.name, limits: key.limits ?? noLimits };
    const scopes = group ? [keyScope, group] : [keyScope];
    const limited = scopes.filter((scope) => hasAnyLimit(scope.limits));
    const needsBudget = limited.some((scope) => scope.limits.maxBudgetNanos !== null);
    const set: ScopeSet = {
      group,
      scopes,
      owners: scopes.map((scope) => ({ kind: scope.kind, id: scope.id })),
      limited,
      needsBudget,
      needsTokens: needsBudget || limited.some((scope) => scope.limits.tpm !== null),
    };
    this.scopeSets.set(key, set);
    return set;
  }
}
