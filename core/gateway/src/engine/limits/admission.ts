/**
 * The gate every billable /v1 request passes after its model is resolved and before a provider is
 * called: rate limits, budgets and their reservations live behind this interface. What it admits
 * it may note on `ctx.state`, so the usage recorder can settle it when the request ends.
 */
import type { GatewayContext } from '../../adapters/http/request-state.ts';
import type { DeploymentRoute } from '../state/config-snapshot.ts';
import type { Prompt } from '../usage/prompt.ts';

export interface AdmissionRequest {
  endpoint: string;
  /** The public model name. */
  model: string;
  /** The deployments that may serve the request, in the order they will be tried. */
  routes: readonly DeploymentRoute[];
  /** The prompt, for counting its tokens. */
  prompt: Prompt;
  /** The most output tokens the request allows (`max_completion_tokens` / `max_tokens`), if it says. */
  maxOutputTokens: number | undefined;
}

export interface Admission {
  /** Throws a GatewayError (429, 403…) to refuse the request. */
  admit(ctx: GatewayContext, request: AdmissionRequest): Promise<void>;
}

/** Admits every request: the gateway before limits and budgets exist. */
export const admitAll: Admission = {
  async admit() {},
};
