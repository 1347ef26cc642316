/**
 * The 429s of the admission: `budget_exceeded` naming the budget (key or group) and its period, and
 * `rate_limit_exceeded` naming the limit, each with Retry-After and the x-ratelimit-* headers.
 */
import { GatewayError } from '../../domain/gateway-error.ts';
import type { LimitScope } from '../../domain/limit-settings.ts';
import type { AdmissionPlan } from './admission-plan.ts';
import type { BudgetPeriod } from '../../domain/budget-period.ts';
import type { AdmitResult } from '../../ports/counter-store.ts';
import { formatDuration } from '../../domain/format-duration.ts';
import { rateWindows } from './rate-windows.ts';

const periodAdjective: Record<BudgetPeriod, string> = { DAILY: 'daily', WEEKLY: 'weekly', MONTHLY: 'monthly', LIFETIME: 'lifetime' };

export const scopeLabel = (scope: LimitScope): string => `${scope.kind === 'key' ? 'virtual key' : 'key group'} '${scope.name}'`;

export function formatUsd(amount: number): string {
  const fixed = amount.toFixed(6).replace(/0+$/, '').replace(/\.$/, '');
  return `$${fixed === '-0' ? '0' : fixed}`;
}

/** The error for a refused admission; budgets first, as the most lasting reason. */
export function refusalError(plan: AdmissionPlan, result: AdmitResult, headers: Record<string, string>, now: number): GatewayError {
  const budgetIndex = result.budgets.findIndex((budget) => budget.refused);
  if (budgetIndex >= 0) {
    const planned = plan.budgets[budgetIndex]!;
    const reading = result.budgets[budgetIndex]!;
    const { window } = planned;
    const resets = window.end === null ? '' : ` It resets at ${new Date(window.end).toISOString()}.`;
    const inFlight = reading.reserved > 0 ? `, ${formatUsd(reading.reserved)} reserved by requests in flight` : '';
    return new GatewayError({
      status: 429,
      type: 'insufficient_quota',
      code: 'budget_exceeded',
      message:
        `The ${periodAdjective[window.period]} budget of ${scopeLabel(planned.scope)} is exhausted: ` +
        `${formatUsd(reading.spend)} spent of ${formatUsd(planned.spec.limit)}${inFlight}; this request may cost up to ${formatUsd(planned.spec.amount)}.${resets}`,
      headers: window.end === null ? headers : { ...headers, 'retry-after': String(Math.max(1, Math.ceil((window.end - now) / 1000))) },
    });
  }

  const windowIndex = result.windows.findIndex((window) => window.refused);
  if (windowIndex >= 0) {
    const planned = plan.windows[windowIndex]!;
    const reading = result.windows[windowIndex]!;
    const { label, unit } = rateWindows[planned.dimension];
    const retryAfterMs = reading.retryAfterMs ?? reading.resetMs;
    if (retryAfterMs < 0) {
      return new GatewayError({
        status: 429,
        type: 'rate_limit_error',
        code: 'rate_limit_exceeded',
        message:
          `Request too large for ${scopeLabel(planned.scope)}: the limit is ${planned.spec.limit} ${label} and this request needs ` +
          `${planned.spec.weight} ${unit} (prompt plus max_tokens). Send a shorter prompt or a lower max_tokens.`,
        headers,
      });
    }
    return new GatewayError({
      status: 429,
      type: 'rate_limit_error',
      code: 'rate_limit_exceeded',
      message:
        `Rate limit reached for ${scopeLabel(planned.scope)}: ${planned.spec.limit} ${label}, ${reading.used} used. ` +
        `Please try again in ${formatDuration(retryAfterMs)}.`,
      headers: { ...headers, 'retry-after': String(Math.max(1, Math.ceil(retryAfterMs / 1000))) },
    });
  }

  const parallelIndex = Math.max(0, result.parallel.findIndex((entry) => entry.refused));
  const planned = plan.parallel[parallelIndex]!;
  return new GatewayError({
    status: 429,
    type: 'rate_limit_error',
    code: 'rate_limit_exceeded',
    message: `Too many requests in flight for ${scopeLabel(planned.scope)}: at most ${planned.spec.limit} at a time. Please try again when one has finished.`,
    headers: { ...headers, 'retry-after': '1' },
  });
}

export function countersUnavailable(cause: unknown): GatewayError {
  return new GatewayError({
    status: 503,
    type: 'server_error',
    code: 'limits_unavailable',
    message: "The gateway cannot check this key's limits and budget right now (its counter store is unreachable). Please try again shortly.",
    headers: { 'retry-after': '1' },
    cause,
  });
}
