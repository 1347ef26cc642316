/** A configured provider's audio side: the client of its type's audio plugin, built with the same account. */
import type { AudioCapabilities, AudioClient } from '@conduit/plugin-api';
import type { AudioHealthCheckOption } from '../plugins/gateway-provider-options.ts';

export interface ProviderAudio {
  client: AudioClient;
  /** The audio plugin's capabilities with a provider model's refinements merged over them. */
  capabilities(model: string): AudioCapabilities;
  /** The provider's opt-in to audio health checks; undefined: not opted in. */
  healthCheck: AudioHealthCheckOption | undefined;
}
