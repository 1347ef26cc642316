import { capabilitiesOf, mergeCapabilities, noCapabilities, type ModelCapabilities } from '@conduit/plugin-api';
import type { PluginRegistry } from './plugin-registry.ts';

/**
 * What a Provider of this type can do with a model before a deployment's overrides: its chat
 * plugin's declaration (none without one), and `realtime` exactly when the type has a realtime
 * translator. Routing and the admin API both read it, so what the API shows is what is routed.
 */
export function providerTypeCapabilities(
  registry: Pick<PluginRegistry, 'providers' | 'realtimeTranslators'>,
  type: string,
  model: string,
): ModelCapabilities {
  const chat = registry.providers.get(type);
  return mergeCapabilities(chat ? capabilitiesOf(chat.plugin, model) : noCapabilities, { realtime: registry.realtimeTranslators.has(type) });
}
