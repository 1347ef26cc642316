/**
 * How long to wait before retry number `retry` (1 for the first): exponential from the base, capped,
 * with "equal jitter" (between half and all of the step) so instances that failed together do not
 * retry together. A Retry-After is honoured when it is within the cap; beyond it, there is no point
 * waiting here — undefined says give up and let the client see the Retry-After.
 */
export interface BackoffSettings {
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
}

export function backoffDelay(
  retry: number,
  settings: BackoffSettings,
  retryAfterMs: number | undefined,
  random: () => number,
): number | undefined {
  if (retryAfterMs !== undefined && retryAfterMs > settings.retryMaxDelayMs) return undefined;
  const step = Math.min(settings.retryMaxDelayMs, settings.retryBaseDelayMs * 2 ** Math.max(0, retry - 1));
  const jittered = step / 2 + random() * (step / 2);
  return Math.round(Math.max(jittered, retryAfterMs ?? 0));
}
