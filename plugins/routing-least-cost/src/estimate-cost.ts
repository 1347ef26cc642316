import type { RouteCandidate, RouteRequest } from '@conduit/plugin-api';

/**
 * What the request would cost on this deployment, in USD, or undefined when it is not priced. With
 * no token counts, input and output prices weigh one to one.
 */
export function estimateCost(candidate: RouteCandidate, request: RouteRequest): number | undefined {
  const price = candidate.price;
  if (!price) return undefined;
  const input = request.promptTokens ?? 1;
  const output = request.maxOutputTokens ?? request.promptTokens ?? 1;
  return (input * price.inputPerMillion + output * price.outputPerMillion) / 1_000_000;
}
