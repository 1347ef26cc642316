/**
 * When an open circuit breaker may let a client request through as its probe. Health checks off: as
 * soon as its cool-down is over. On: a client request only probes a deployment whose provider passed
 * a health check since the breaker opened — while the provider fails its checks, the checks are the
 * only calls it gets. A provider that cannot be probed, that refuses the probe itself (401/403 on its
 * model list: no outage), or whose checks have not come for a while (another instance does them, or
 * it just started), falls back to the cool-down alone.
 */
import type { RouterSettings } from '../routing/router-settings.ts';
import type { ProviderHealthBoard } from './provider-health-board.ts';

export function probeAllowedByHealth(
  settings: () => Pick<RouterSettings, 'healthCheckIntervalMs' | 'breakerCooldownMs'>,
  board: ProviderHealthBoard,
  now: () => number = Date.now,
): (providerId: string, openedAt: number) => boolean {
  return (providerId, openedAt) => {
    const { healthCheckIntervalMs, breakerCooldownMs } = settings();
    if (healthCheckIntervalMs <= 0) return true;
    const state = board.get(providerId);
    if (state?.outage) return false;
    if (state && (state.status !== 'up' || state.checkedAt.getTime() >= openedAt)) return true;
    return now() - openedAt > breakerCooldownMs + 3 * healthCheckIntervalMs;
  };
}
