/**
 * Turns a request and the limits of its key (and group) into one atomic counter operation, keeping
 * track of which scope and limit each counter stands for, for error messages, headers and settlement.
 */
import type { LimitScope } from '../../domain/limit-settings.ts';
import { periodWindow, type PeriodWindow } from '../../domain/budget-period.ts';
import type { AdmitRequest, BudgetSpec, ParallelSpec, WindowSpec } from '../../ports/counter-store.ts';
import { counterNames, rateWindows, type RateDimension } from './rate-windows.ts';

export interface PlannedWindow {
  scope: LimitScope;
  dimension: RateDimension;
  spec: WindowSpec;
}

export interface PlannedParallel {
  scope: LimitScope;
  spec: ParallelSpec;
}

export interface PlannedBudget {
  scope: LimitScope;
  window: PeriodWindow;
  spec: BudgetSpec;
}

export interface AdmissionPlan {
  request: AdmitRequest;
  windows: PlannedWindow[];
  parallel: PlannedParallel[];
  budgets: PlannedBudget[];
}

export interface PlanInput {
  ticket: string;
  leaseMs: number;
  now: number;
  scopes: readonly LimitScope[];
  /** Counted against TPM now: prompt tokens plus max_tokens when the request sets it. */
  tokenEstimate: number;
  /** The worst-case cost reserved against budgets, in nano-dollars. */
  reservation: number;
}

const dimensions = ['rpm', 'rpd', 'tpm'] as const;

interface ScopeCounterNames extends Record<RateDimension, string> {
  parallel: string;
  /** The budget counter of the period with this key. */
  budgetPeriodKey: string;
  budget: string;
}

/**
 * Counter names by scope: scopes are objects cached per key and group state, so each name is built
 * once, and the counter store's maps find it by a hash already computed.
 */
const namesByScope = new WeakMap<LimitScope, ScopeCounterNames>();

function namesOf(scope: LimitScope): ScopeCounterNames {
  let names = namesByScope.get(scope);
  if (names === undefined) {
    names = {
      rpm: counterNames.window(scope.kind, scope.id, 'rpm'),
      rpd: counterNames.window(scope.kind, scope.id, 'rpd'),
      tpm: counterNames.window(scope.kind, scope.id, 'tpm'),
      parallel: counterNames.parallel(scope.kind, scope.id),
      budgetPeriodKey: '',
      budget: '',
    };
    namesByScope.set(scope, names);
  }
  return names;
}

export function planAdmission(input: PlanInput): AdmissionPlan {
  const windows: PlannedWindow[] = [];
  const parallel: PlannedParallel[] = [];
  const budgets: PlannedBudget[] = [];
  for (const scope of input.scopes) {
    const { limits } = scope;
    const names = namesOf(scope);
    for (const dimension of dimensions) {
      const limit = limits[dimension];
      if (limit === null) continue;
      const { windowMs, bucketMs } = rateWindows[dimension];
      const weight = dimension === 'tpm' ? input.tokenEstimate : 1;
      windows.push({ scope, dimension, spec: { counter: names[dimension], windowMs, bucketMs, limit, weight } });
    }
    if (limits.maxParallel !== null) {
      parallel.push({ scope, spec: { counter: names.parallel, limit: limits.maxParallel } });
    }
    if (limits.maxBudgetNanos !== null) {
      const window = periodWindow(limits.budgetPeriod, input.now);
      if (names.budgetPeriodKey !== window.key) {
        names.budgetPeriodKey = window.key;
        names.budget = counterNames.budget(scope.kind, scope.id, window.key);
      }
      budgets.push({
        scope,
        window,
        spec: { counter: names.budget, limit: limits.maxBudgetNanos, amount: input.reservation },
      });
    }
  }
  return {
    request: {
      ticket: input.ticket,
      leaseMs: input.leaseMs,
      windows: windows.map((window) => window.spec),
      parallel: parallel.map((entry) => entry.spec),
      budgets: budgets.map((budget) => budget.spec),
    },
    windows,
    parallel,
    budgets,
  };
}
