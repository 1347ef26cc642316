/**
 * One cheap liveness probe of a provider: the plugin's `health`, else its model list. Undefined when
 * the plugin offers neither (the provider's health then stays unknown).
 */
import { ProviderError, networkError, type CallOptions, type ProviderClient } from '@conduit/plugin-api';

export interface ProbeOutcome {
  status: 'up' | 'down';
  latencyMs: number;
  error: string | undefined;
  /**
   * The failure means the provider cannot serve (unreachable, timing out, 5xx, throttling), as
   * opposed to a probe the provider refuses (401/403/404 on its model list) while requests may work.
   */
  outage: boolean;
}

export async function probeProvider(
  client: ProviderClient,
  options: { timeoutMs: number; signal: AbortSignal; requestId: string },
): Promise<ProbeOutcome | undefined> {
  const probe = client.health
    ? client.health.bind(client)
    : client.listModels
      ? async (callOptions: Parameters<NonNullable<ProviderClient['listModels']>>[0]) => void (await client.listModels!(callOptions))
      : undefined;
  if (!probe) return undefined;
  return runProbe(probe, options);
}

/** Runs one probe within the time limit and says how it went; never throws. */
export async function runProbe(
  probe: (call: CallOptions) => Promise<void>,
  options: { timeoutMs: number; signal: AbortSignal; requestId: string },
): Promise<ProbeOutcome> {
  const signal = AbortSignal.any([options.signal, AbortSignal.timeout(options.timeoutMs)]);
  const timeouts = { connectMs: options.timeoutMs, firstByteMs: options.timeoutMs, idleMs: options.timeoutMs };
  const started = performance.now();
  try {
    await probe({ signal, requestId: options.requestId, timeouts });
    return { status: 'up', latencyMs: Math.round(performance.now() - started), error: undefined, outage: false };
  } catch (error) {
    const typed = ProviderError.isInstance(error) ? error : networkError(error, signal);
    const detail = typed.status ? ` (HTTP ${typed.status})` : '';
    // ProviderError messages never hold credentials (the plugin contract says so).
    return {
      status: 'down',
      latencyMs: Math.round(performance.now() - started),
      error: `${typed.code}${detail}: ${typed.message}`.slice(0, 1000),
      outage: typed.retryable,
    };
  }
}
