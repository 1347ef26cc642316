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
import { uncountedTicket, type Admission, type AdmissionRequest, type Admitted, type SessionAdmissionRequest } from './admission.ts';
import { planAdmission, type AdmissionPlan } from './admission-plan.ts';
import type { AdmissionTicket } from '../../domain/admission-ticket.ts';
import type { BudgetCounters } from './budget-counters.ts';
import { allPeriodKeys } from '../../domain/budget-period.ts';
import { moveToCurrentPeriod } from './move-to-current-period.ts';
import type { AdmitResult, CounterStore, WindowSpec } from '../../ports/counter-store.ts';
import type { LeaseKeeper } from './lease-keeper.ts';
import type { LimitDefaultsState } from './limit-defaults.ts';
import type { ModelPrice } from '../usage/price-table.ts';
import { countersUnavailable, refusalError, sessionLimitError } from './limit-errors.ts';
import { rateLimitHeaders } from './rate-limit-headers.ts';
import { counterNames, rateWindows } from './rate-windows.ts';
import { budgetReservation, type ReservationDetail } from './reservation-cost.ts';
import { unpricedRefusal } from './unpriced-policy.ts';
import { pricesImages } from '../usage/image-pricing.ts';

export interface LimitsAdmissionOptions {
  store: CounterStore;
  groups: KeyGroupCache;
  config: ConfigState;
  defaults: LimitDefaultsState;
  budgets: BudgetCounters;
  leases: LeaseKeeper;
  logger: Logger;
  /** Epoch ms, for budget periods (tests move it across a period's end). */
  clock?: () => number;
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

  private readonly now: () => number;

  constructor(private readonly options: LimitsAdmissionOptions) {
    this.now = options.clock ?? Date.now;
  }

  async admit(request: AdmissionRequest): Promise<Admitted> {
    const now = this.now();
    const set = this.scopeSetOf(request.key);
    const defaults = this.options.defaults.current;
    let prices: ReadonlyArray<ModelPrice | undefined> | undefined;
    if (set.needsBudget || defaults.unpricedModels === 'REFUSE') {
      const table = this.options.config.current.prices;
      prices = request.routes.map((route) => table.find(route.modelName, route.providerModel));
      // A price that bills neither images nor tokens leaves an image request unpriced.
      if (request.images !== undefined) prices = prices.map((price) => (price && pricesImages(price) ? price : undefined));
      const unpriced = unpricedRefusal(defaults.unpricedModels, set.needsBudget, request.model, request.routes, prices, request.images !== undefined ? 'images' : undefined);
      if (unpriced) throw unpriced;
    }
    if (set.limited.length === 0) {
      // Nothing to count; the ticket still says whose spend the request is (key and group).
      return { ticket: uncountedTicket(randomUUID(), set.owners, allPeriodKeys(now)), headers: noHeaders };
    }

    const promptTokens = set.needsTokens ? await request.prompt.countTokens(request.routes[0]?.providerModel ?? request.model) : 0;
    let reservation = 0;
    let detail: ReservationDetail | undefined;
    if (set.needsBudget && prices) {
      ({ nanos: reservation, detail } = budgetReservation(prices, { promptTokens, media: request.prompt.media, maxOutputTokens: request.maxOutputTokens, audio: request.audio, images: request.images }, defaults));
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

  async admitSession(request: SessionAdmissionRequest): Promise<Admitted> {
    const now = this.now();
    const set = this.scopeSetOf(request.key);
    const defaults = this.options.defaults.current;
    let reservation = 0;
    if (set.needsBudget || defaults.unpricedModels === 'REFUSE') {
      const table = this.options.config.current.prices;
      const prices = request.routes.map((route) => table.find(route.modelName, route.providerModel));
      const unpriced = unpricedRefusal(defaults.unpricedModels, set.needsBudget, request.model, request.routes, prices);
      if (unpriced) throw unpriced;
      if (set.needsBudget) reservation = request.sliceCost(prices);
    }
    const id = randomUUID();
    const planned = planAdmission({ ticket: id, leaseMs: this.options.leases.leaseMs, now, scopes: set.limited, tokenEstimate: 0, reservation });
    // A session counts as one request in the request windows; its tokens settle slice by slice, and
    // it holds a session slot (not one of the key's parallel request slots) while it lasts.
    const windows = planned.windows.filter((window) => window.dimension !== 'tpm');
    const slots = [
      { counter: counterNames.sessions('key', request.key.id), limit: request.maxKeySessions },
      { counter: counterNames.sessions('gateway', null), limit: request.maxSessions },
    ];
    const plan = { ...planned, windows, parallel: [], request: { ...planned.request, windows: windows.map((window) => window.spec), parallel: slots } };
    const result = await this.admitWithBuiltBudgets(plan, request.requestId);
    const headers = rateLimitHeaders(plan.windows, result.windows);
    if (result.status === 'refused') {
      const budgetOrWindow = result.budgets.some((budget) => budget.refused) || result.windows.some((window) => window.refused);
      if (budgetOrWindow) throw refusalError(plan, { ...result, parallel: [] }, headers, now);
      throw sessionLimitError(result.parallel[0]?.refused ? { scope: `virtual key '${request.key.name}'`, limit: request.maxKeySessions } : { scope: 'the gateway', limit: request.maxSessions }, headers);
    }
    const ticket: AdmissionTicket = {
      id,
      scopes: set.owners,
      periodKeys: allPeriodKeys(now),
      tokenWindows: none,
      parallel: slots.map((slot) => slot.counter),
      budgets: plan.budgets.map((budget) => ({ counter: budget.spec.counter, scope: budget.scope, window: budget.window, limit: budget.spec.limit })),
      settled: false,
    };
    this.options.leases.track(ticket);
    return { ticket, headers };
  }

  async reserveSlice(ticket: AdmissionTicket, amount: number): Promise<boolean> {
    moveToCurrentPeriod(ticket, this.now());
    if (ticket.budgets.length === 0) return true;
    const request = {
      ticket: ticket.id,
      leaseMs: this.options.leases.leaseMs,
      windows: [],
      parallel: [],
      budgets: ticket.budgets.map((budget) => ({ counter: budget.counter, limit: budget.limit, amount })),
    };
    const budgets = ticket.budgets.map((budget) => ({ scope: budget.scope, window: budget.window, spec: { counter: budget.counter, limit: budget.limit, amount } }));
    const result = await this.admitWithBuiltBudgets({ request, budgets }, ticket.id);
    return result.status === 'admitted';
  }

  /** One atomic admission, rebuilding budget counters the store does not hold (throws 503 when it cannot). */
  private async admitWithBuiltBudgets(plan: Pick<AdmissionPlan, 'request' | 'budgets'>, requestId: string): Promise<AdmitResult> {
    let result: AdmitResult;
    try {
      result = await this.options.store.admit(plan.request);
      for (let attempt = 1; result.status === 'unbuilt' && attempt < buildAttempts; attempt++) {
        const unbuilt = plan.budgets.filter((_budget, index) => result.budgets[index]?.unbuilt);
        await Promise.all(unbuilt.map((budget) => this.options.budgets.build(budget.scope.kind, budget.scope.id, budget.window.key)));
        result = await this.options.store.admit(plan.request);
      }
    } catch (error) {
      this.options.logger.error({ err: error, requestId }, 'the counter store is unreachable');
      throw countersUnavailable(error);
    }
    if (result.status === 'unbuilt') throw countersUnavailable(new Error('budget counters could not be built'));
    return result;
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
