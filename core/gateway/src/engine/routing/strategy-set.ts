/**
 * The routing strategies the gateway can use: every routing-strategy plugin the registry loaded,
 * created once at start. A name that is not loaded (plugins.json changed since it was configured)
 * falls back to the core's weighted order, with one warning per name.
 */
import type { RouteCandidate, RouteRequest, RoutingStrategy } from '@conduit/plugin-api';
import type { Logger } from '../../ports/logger.ts';
import type { PluginRegistry } from '../plugins/plugin-registry.ts';
import { orderRoutes } from './order-routes.ts';

/** Always selectable: the core's own order when no plugin of that name is loaded. */
export const builtInStrategyName = 'weighted';

export class StrategySet {
  private readonly strategies = new Map<string, RoutingStrategy>();
  private readonly fallback: RoutingStrategy;
  private readonly warned = new Set<string>();

  constructor(
    registry: PluginRegistry,
    private readonly logger: Logger,
    random: () => number = Math.random,
  ) {
    for (const [name, loaded] of registry.routingStrategies) {
      this.strategies.set(name, loaded.plugin.create({ pluginOptions: loaded.options, random }));
    }
    this.fallback = { order: (candidates) => orderRoutes(candidates, random) };
  }

  names(): string[] {
    return [...new Set([...this.strategies.keys(), builtInStrategyName])].sort();
  }

  has(name: string): boolean {
    return name === builtInStrategyName || this.strategies.has(name);
  }

  /**
   * Orders candidates with the named strategy. Whatever a third-party strategy returns, the result
   * holds every candidate exactly once: unknown entries and repeats are dropped, missing ones appended.
   */
  order<C extends RouteCandidate>(name: string, candidates: readonly C[], request: RouteRequest): C[] {
    if (candidates.length <= 1) return [...candidates];
    const strategy = this.strategies.get(name);
    if (!strategy && name !== builtInStrategyName) this.warnOnce(name, 'is not loaded; using the built-in weighted order');
    let ordered: readonly C[];
    try {
      ordered = (strategy ?? this.fallback).order(candidates, request);
      if (!Array.isArray(ordered)) throw new TypeError('order() did not return an array');
    } catch (error) {
      this.warnOnce(name, `failed (${(error as Error).message}); using the built-in weighted order`);
      return this.fallback.order(candidates, request);
    }
    const known = new Set<C>(candidates);
    const out: C[] = [];
    for (const candidate of ordered) {
      if (known.delete(candidate)) out.push(candidate);
    }
    for (const candidate of candidates) if (known.has(candidate)) out.push(candidate);
    return out;
  }

  private warnOnce(name: string, problem: string): void {
    if (this.warned.has(name)) return;
    this.warned.add(name);
    this.logger.warn({ strategy: name }, `routing strategy '${name}' ${problem}`);
  }
}
