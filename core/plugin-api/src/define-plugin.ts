import type { AudioPlugin } from './audio-plugin.ts';
import type { ProviderPlugin } from './provider-plugin.ts';
import type { RealtimeTranslatorPlugin } from './realtime-translator-plugin.ts';
import type { RoutingStrategyPlugin } from './routing-strategy-plugin.ts';

/** Any plugin, of any kind, with any options; `kind` tells them apart. */
export type ConduitPlugin =
  | ProviderPlugin<unknown>
  | RoutingStrategyPlugin<unknown>
  | AudioPlugin<unknown>
  | RealtimeTranslatorPlugin<unknown>;

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
export function definePlugin<PluginOptions = Record<string, unknown>>(plugin: AudioPlugin<PluginOptions>): AudioPlugin<PluginOptions>;
export function definePlugin<PluginOptions = Record<string, unknown>>(
  plugin: RealtimeTranslatorPlugin<PluginOptions>,
): RealtimeTranslatorPlugin<PluginOptions>;
export function definePlugin(plugin: unknown): unknown {
  return plugin;
}
