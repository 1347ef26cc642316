/** What an audio plugin declares for one provider model: its defaults with the model's refinements laid over them, field by field. */
import type { AudioCapabilities } from '@conduit/plugin-api';

export function audioCapabilitiesOf(
  plugin: { readonly capabilities: AudioCapabilities; modelCapabilities?(providerModel: string): AudioCapabilities | undefined },
  providerModel: string,
): AudioCapabilities {
  const refined = plugin.modelCapabilities?.(providerModel);
  if (!refined) return plugin.capabilities;
  const merged: Record<string, unknown> = { ...plugin.capabilities };
  for (const [name, value] of Object.entries(refined)) if (value !== undefined) merged[name] = value;
  return merged as AudioCapabilities;
}
