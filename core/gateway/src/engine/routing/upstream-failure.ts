/** The router's answer when no deployment could serve: the last provider error and who gave it. */
import type { ProviderError } from '@conduit/plugin-api';
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

/** A successful call: its value, the deployment that served it and how many tries it took. */
export interface Attempted<T> {
  value: T;
  route: DeploymentRoute;
  attempts: number;
}
