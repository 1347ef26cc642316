/**
 * Resolves a public model name to what may serve this request: the key must allow the model, the
 * model must exist, and a deployment must have every capability the request needs. Then the model's
 * fallback chain is added, each fallback model with its capable deployments.
 *
 * Fallback models are not checked against the key's allowed models: an admin who gives a model a
 * fallback makes the fallback part of how that model is served, and a key allowed the model expects
 * to be served by it. Asking for the fallback model by name still needs the key to allow it.
 * Capabilities are checked for fallbacks too: a deployment that cannot serve the request is never
 * tried, whichever model it belongs to. A requested model with no capable deployment is a 400 even
 * when a fallback could serve: fallbacks stand in for failures, not for missing features.
 *
 * Beyond the capability flags, an endpoint may judge each deployment against the request itself
 * (`fit`: a voice, a language, a format, a size the plugin declares): deployments that fit as they
 * are serve it; only when none does, those the gateway can adapt to it (transcoding, say) do; and
 * when none can, the 400 names what is missing.
 */
import type { CapabilityName } from '@conduit/plugin-api';
import { GatewayError, modelNotFound } from '../../domain/gateway-error.ts';
import type { AuthenticatedKey } from '../keys/virtual-key-cache.ts';
import type { ConfigSnapshot, DeploymentRoute } from '../state/config-snapshot.ts';
import { resolveFallbackChain } from './fallback-chain.ts';

export interface PlanStep {
  modelName: string;
  /** Capable deployments, in configuration order; the strategy orders them when they are tried. */
  routes: readonly DeploymentRoute[];
}

/**
 * How a deployment fits a request beyond its capability flags: as it is (`true`), once the gateway
 * adapts its answer (`'adapted'`, tried only when no deployment fits as it is), or not, with what it
 * lacks (`"the voice 'x'"`) and the request field that asked for it.
 */
export type RouteFit = true | 'adapted' | { lacks: string; param?: string };

export type FitRoute = (route: DeploymentRoute) => RouteFit;

export interface RouteHints {
  /** Estimated prompt tokens, for cost-aware strategies. */
  promptTokens?: number;
  maxOutputTokens?: number;
}

export interface RoutePlan {
  modelName: string;
  /** The snapshot the plan was made from; the whole request uses it. */
  snapshot: ConfigSnapshot;
  /** The requested model, then each fallback model that has a capable deployment. */
  steps: readonly PlanStep[];
  /** Every deployment of every step, for checks that need the worst case (budget reservations). */
  routes: readonly DeploymentRoute[];
  /** Fallback rules pointing back into the chain, which were not followed. */
  loopsBack: readonly string[];
  hints: RouteHints;
}

const capabilityLabels: Record<CapabilityName, string> = {
  chat: 'chat completions',
  stream: 'streaming',
  tools: 'tools',
  vision: 'image inputs',
  jsonObject: "response_format 'json_object'",
  jsonSchema: "response_format 'json_schema'",
  completions: 'the completions endpoint',
  embeddings: 'embeddings',
  images: 'image generation',
  audioInput: 'audio inputs',
  realtime: 'realtime sessions',
  moderations: 'moderations',
};

export function planRoutes(
  snapshot: ConfigSnapshot,
  key: AuthenticatedKey,
  modelName: string,
  required: readonly CapabilityName[],
  hints: RouteHints = {},
  fit?: FitRoute,
): RoutePlan {
  if (!key.allowsModel(modelName)) {
    throw new GatewayError({
      status: 403,
      type: 'permission_error',
      code: 'model_not_allowed',
      param: 'model',
      message: `This API key is not allowed to use the model '${modelName}'.`,
    });
  }
  const routes = snapshot.routesFor(modelName);
  if (routes.length === 0) {
    throw modelNotFound(modelName);
  }
  const flagged = (list: readonly DeploymentRoute[]) => list.filter((route) => required.every((name) => route.capabilities[name]));
  const capable = fit ? (list: readonly DeploymentRoute[]) => fitting(flagged(list), fit) : flagged;
  const own = capable(routes);
  if (own.length === 0 && fit && flagged(routes).length > 0) throw unfit(modelName, flagged(routes), fit);
  if (own.length === 0) {
    const missing = required.filter((name) => !routes.some((route) => route.capabilities[name]));
    const what = (missing.length > 0 ? missing : required).map((name) => capabilityLabels[name]).join(', ');
    throw new GatewayError({
      status: 400,
      type: 'invalid_request_error',
      code: 'unsupported_capability',
      param: 'model',
      message: `The model '${modelName}' does not support ${what}.`,
    });
  }

  const steps: PlanStep[] = [{ modelName, routes: own }];
  const chain = snapshot.router.fallbacks.size > 0 ? resolveFallbackChain(snapshot.router.fallbacks, modelName) : undefined;
  for (const fallback of chain?.models.slice(1) ?? []) {
    const fallbackRoutes = capable(snapshot.routesFor(fallback));
    if (fallbackRoutes.length > 0) steps.push({ modelName: fallback, routes: fallbackRoutes });
  }
  return {
    modelName,
    snapshot,
    steps,
    routes: steps.length === 1 ? own : steps.flatMap((step) => step.routes),
    loopsBack: chain?.loopsBack ?? [],
    hints,
  };
}

/** The deployments that fit as they are, else those that fit once adapted. */
function fitting(list: readonly DeploymentRoute[], fit: FitRoute): DeploymentRoute[] {
  const exact: DeploymentRoute[] = [];
  const adapted: DeploymentRoute[] = [];
  for (const route of list) {
    const verdict = fit(route);
    if (verdict === true) exact.push(route);
    else if (verdict === 'adapted') adapted.push(route);
  }
  return exact.length > 0 ? exact : adapted;
}

function unfit(modelName: string, routes: readonly DeploymentRoute[], fit: FitRoute): GatewayError {
  const lacks = new Set<string>();
  let param: string | undefined;
  for (const route of routes) {
    const verdict = fit(route);
    if (typeof verdict === 'object') {
      lacks.add(verdict.lacks);
      param ??= verdict.param;
    }
  }
  return new GatewayError({
    status: 400,
    type: 'invalid_request_error',
    code: 'unsupported_capability',
    param: param ?? 'model',
    message: `No deployment of the model '${modelName}' can serve this request: ${[...lacks].join('; ')}.`,
  });
}

/** Hints for cost-aware strategies, from the prompt's text (about four characters a token) and the output limit. */
export function routeHints(prompt: { length: number }, maxOutputTokens: number | null | undefined): RouteHints {
  return { promptTokens: Math.ceil(prompt.length / 4), ...(maxOutputTokens == null ? {} : { maxOutputTokens }) };
}
