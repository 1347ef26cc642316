/**
 * OpenAI-style `x-ratelimit-*` headers from the windows a request was counted in. With several
 * request windows (RPM, RPD; key and group) the one with the least room left is reported.
 */
import type { WindowReading } from '../../ports/counter-store.ts';
import type { PlannedWindow } from './admission-plan.ts';
import { formatDuration } from '../../domain/format-duration.ts';
import { rateWindows } from './rate-windows.ts';

const units = ['requests', 'tokens'] as const;
const names = {
  requests: { limit: 'x-ratelimit-limit-requests', remaining: 'x-ratelimit-remaining-requests', reset: 'x-ratelimit-reset-requests' },
  tokens: { limit: 'x-ratelimit-limit-tokens', remaining: 'x-ratelimit-remaining-tokens', reset: 'x-ratelimit-reset-tokens' },
};

export function rateLimitHeaders(windows: readonly PlannedWindow[], readings: readonly WindowReading[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const unit of units) {
    let tightest = -1;
    let tightestRemaining = 0;
    for (let index = 0; index < windows.length; index++) {
      const reading = readings[index];
      const window = windows[index]!;
      if (!reading || rateWindows[window.dimension].unit !== unit) continue;
      const remaining = Math.max(0, window.spec.limit - reading.used);
      if (tightest === -1 || remaining < tightestRemaining) {
        tightest = index;
        tightestRemaining = remaining;
      }
    }
    if (tightest === -1) continue;
    headers[names[unit].limit] = String(windows[tightest]!.spec.limit);
    headers[names[unit].remaining] = String(tightestRemaining);
    headers[names[unit].reset] = formatDuration(readings[tightest]!.resetMs);
  }
  return headers;
}
