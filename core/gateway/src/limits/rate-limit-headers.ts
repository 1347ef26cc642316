/**
 * OpenAI-style `x-ratelimit-*` headers from the windows a request was counted in. With several
 * request windows (RPM, RPD; key and group) the one with the least room left is reported.
 */
import type { WindowReading } from './counter-store.ts';
import type { PlannedWindow } from './admission-plan.ts';
import { formatDuration } from './format-duration.ts';
import { rateWindows } from './rate-windows.ts';

export function rateLimitHeaders(windows: readonly PlannedWindow[], readings: readonly WindowReading[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const unit of ['requests', 'tokens'] as const) {
    let tightest: { limit: number; remaining: number; resetMs: number } | undefined;
    windows.forEach((window, index) => {
      const reading = readings[index];
      if (!reading || rateWindows[window.dimension].unit !== unit) return;
      const remaining = Math.max(0, window.spec.limit - reading.used);
      if (!tightest || remaining < tightest.remaining) tightest = { limit: window.spec.limit, remaining, resetMs: reading.resetMs };
    });
    if (!tightest) continue;
    headers[`x-ratelimit-limit-${unit}`] = String(tightest.limit);
    headers[`x-ratelimit-remaining-${unit}`] = String(tightest.remaining);
    headers[`x-ratelimit-reset-${unit}`] = formatDuration(tightest.resetMs);
  }
  return headers;
}
