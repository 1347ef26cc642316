/**
 * The refusals of the admission. A spent budget is 429 `insufficient_quota` / `budget_exceeded` with
 * `x-should-retry: false` and no Retry-After: it is not a transient limit, and the official SDKs
 * would otherwise sleep until the period resets (hours) before failing; the reset time is in the
 * message and in `x-conduit-budget-reset`. Rate limits are 429 `rate_limit_exceeded` with their
 * short Retry-After. Both carry the x-ratelimit-* headers.
 */
import { GatewayError } from '../../domain/gateway-error.ts';
import type { LimitScope } from '../../domain/limit-settings.ts';
import type { AdmissionPlan } from './admission-plan.ts';
import type { BudgetPeriod } from '../../domain/budget-period.ts';
import type { AdmitResult } from '../../ports/counter-store.ts';
import { formatDuration } from '../../domain/format-duration.ts';
import { formatUsd } from '../../domain/money.ts';
import { rateWindows } from './rate-windows.ts';
import type { ReservationDetail } from './reservation-cost.ts';

const periodAdjective: Record<BudgetPeriod, string> = { DAILY: 'daily', WEEKLY: 'weekly', MONTHLY: 'monthly', LIFETIME: 'lifetime' };

export const scopeLabel = (scope: LimitScope): string => `${scope.kind === 'key' ? 'virtual key' : 'key group'} '${scope.name}'`;

/** The error for a refused admission; budgets first, as the most lasting reason. */
export function refusalError(plan: AdmissionPlan, result: AdmitResult, headers: Record<string, string>, now: number, detail?: ReservationDetail): GatewayError {
  const budgetIndex = result.budgets.findIndex((budget) => budget.refused);
  if (budgetIndex >= 0) return budgetRefusal(plan, result, budgetIndex, headers, detail);

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

/** A session refused because its key (or the gateway) holds as many sessions as it may. */
export function sessionLimitError(reached: { scope: string; limit: number }, headers: Record<string, string>): GatewayError {
  return new GatewayError({
    status: 429,
    type: 'rate_limit_error',
    code: 'session_limit_exceeded',
    message: `Too many realtime sessions for ${reached.scope}: at most ${reached.limit} at a time. Close one and try again.`,
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

function budgetRefusal(plan: AdmissionPlan, result: AdmitResult, index: number, headers: Record<string, string>, detail: ReservationDetail | undefined): GatewayError {
  const planned = plan.budgets[index]!;
  const reading = result.budgets[index]!;
  const { window } = planned;
  const limit = planned.spec.limit;
  const budget = `${periodAdjective[window.period]} budget of ${scopeLabel(planned.scope)}`;
  const inFlight = reading.reserved > 0 ? `, ${formatUsd(reading.reserved)} reserved by requests in flight` : '';
  const state = `${formatUsd(reading.spend)} spent of ${formatUsd(limit)}${inFlight}`;
  const resets =
    window.end === null
      ? ' A lifetime budget does not reset; an admin can raise it.'
      : ` It resets at ${new Date(window.end).toISOString()}.`;
  const left = limit - reading.spend - reading.reserved;
  let message: string;
  if (left <= 0) {
    message = `The ${budget} is exhausted: ${state}.${resets}`;
  } else {
    message = `This request may cost up to ${formatUsd(planned.spec.amount)}, more than the ${formatUsd(left)} left of the ${budget} (${state}).${reservationExplained(detail)}${resets}`;
  }
  const budgetHeaders: Record<string, string> = { ...headers, 'x-should-retry': 'false' };
  if (window.end !== null) budgetHeaders['x-conduit-budget-reset'] = new Date(window.end).toISOString();
  return new GatewayError({ status: 429, type: 'insufficient_quota', code: 'budget_exceeded', message, headers: budgetHeaders });
}

function reservationExplained(detail: ReservationDetail | undefined): string {
  if (!detail) return '';
  if (detail.images !== undefined) {
    const uploads = detail.mediaTokens > 0 ? ` (${detail.mediaTokens} of them an allowance for the images to edit)` : '';
    return ` That is its worst case: ${detail.images} image${detail.images === 1 ? '' : 's'} (its n) and ${detail.promptTokens + detail.mediaTokens} prompt tokens${uploads} at the model's prices; a lower n lowers it.`;
  }
  const media = detail.mediaTokens > 0 ? ` (${detail.mediaTokens} of them an allowance for its image and audio parts)` : '';
  const prompt = `${detail.promptTokens + detail.mediaTokens} prompt tokens${media}`;
  if (detail.outputSource === 'max_tokens') {
    return ` That is its worst case: ${prompt} and ${detail.outputTokens} output tokens (its max_tokens); a lower max_tokens lowers it.`;
  }
  const limit = detail.outputSource === 'model limit' ? "the model's output limit" : "the gateway's default output reservation (defaultMaxOutputTokens)";
  return (
    ` That is its worst case: ${prompt} and ${detail.outputTokens} output tokens, ${limit}, because the request sets no max_tokens. ` +
    'Set max_tokens (or max_completion_tokens) to what you need to lower the reservation.'
  );
}
