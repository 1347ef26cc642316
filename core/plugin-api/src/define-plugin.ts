import type { ProviderPlugin } from './provider-plugin.ts';
import type { RoutingStrategyPlugin } from './routing-strategy-plugin.ts';

export type ConduitPlugin = ProviderPlugin<never> | RoutingStrategyPlugin<never>;

/**
 * Declares a plugin. It only checks types at compile time; the gateway's registry validates the
 * object again at load time, since a published package may have been built against another version.
 */
export function definePlugin<PluginOptions = Record<string, unknown>>(
  plugin: ProviderPlugin<PluginOptions>,
): ProviderPlugin<PluginOptions>;
export function definePlugin<PluginOptions = Record<string, unknown>>(
  plugin: RoutingStrategyPlugin<PluginOptions>,
): RoutingStrategyPlugin<PluginOptions>;
export function definePlugin(plugin: unknown): unknown {
  return plugin;
}
