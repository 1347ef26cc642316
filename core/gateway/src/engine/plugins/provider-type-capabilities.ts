import { capabilitiesOf, mergeCapabilities, noCapabilities, type ModelCapabilities } from '@conduit/plugin-api';
import type { PluginRegistry } from './plugin-registry.ts';

/**
 * What a Provider of this type can do with a model before a deployment's overrides: its chat
 * plugin's declaration (none without one), and `realtime` when the type has a realtime translator,
 * unless the chat plugin's refinement for the model says `realtime: false` (a speech or transcription
 * model). Routing and the admin API both read it, so what the API shows is what is routed.
 */
export function providerTypeCapabilities(
  registry: Pick<PluginRegistry, 'providers' | 'realtimeTranslators'>,
  type: string,
  model: string,
): ModelCapabilities {
  const chat = registry.providers.get(type);
  const realtime = registry.realtimeTranslators.has(type) && chat?.plugin.modelCapabilities?.(model)?.realtime !== false;
  return mergeCapabilities(chat ? capabilitiesOf(chat.plugin, model) : noCapabilities, { realtime });
}
