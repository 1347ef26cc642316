/**
 * Tries the ordered deployments until one succeeds. A retryable failure (rate limit, overload,
 * 5xx, timeout, connection) moves on to the next deployment; anything else is final. Callers only
 * use this before the first byte reached the client, so every attempt may still fail over.
 */
import { ProviderError, networkError } from '@conduit/plugin-api';
import type { DeploymentRoute } from '../state/config-snapshot.ts';

export class UpstreamFailure extends Error {
  constructor(
    readonly error: ProviderError,
    readonly route: DeploymentRoute,
    readonly attempts: number,
  ) {
    super(error.message);
    this.name = 'UpstreamFailure';
  }
}

export interface Attempted<T> {
  value: T;
  route: DeploymentRoute;
  attempts: number;
}

export async function callWithFailover<T>(
  routes: readonly DeploymentRoute[],
  signal: AbortSignal,
  attempt: (route: DeploymentRoute) => Promise<T>,
): Promise<Attempted<T>> {
  let failure: UpstreamFailure | undefined;
  for (let index = 0; index < routes.length; index++) {
    const route = routes[index]!;
    try {
      return { value: await attempt(route), route, attempts: index + 1 };
    } catch (error) {
      const typed = ProviderError.isInstance(error) ? error : networkError(error, signal);
      failure = new UpstreamFailure(typed, route, index + 1);
      if (!typed.retryable || signal.aborted) break;
    }
  }
  throw failure ?? new Error('callWithFailover needs at least one route');
}
