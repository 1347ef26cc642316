/**
 * `ModelDeployment.audioCapabilities`: what the audio plugin of the deployment's provider type declares
 * for its model (the plugin's capabilities with its per-model refinements merged over them, field by
 * field). Kept beside the deployment type so the audio fields stay in one place.
 */
import { builder } from '../builder.ts';
import { AudioCapabilitiesType } from './audio-capabilities-type.ts';
import { ModelDeploymentType } from './model-deployment-type.ts';

builder.objectField(ModelDeploymentType, 'audioCapabilities', (t) =>
  t.field({
    type: AudioCapabilitiesType,
    nullable: true,
    description: 'What this deployment can do with audio, as its provider’s audio plugin declares it for the model; null when the provider type has no audio plugin.',
    resolve: async (deployment, _args, { services }) => {
      const provider = await services.providers.get(deployment.providerId);
      const audio = provider ? services.registry.get('audio', provider.type)?.plugin : undefined;
      if (!audio) return null;
      return { ...audio.capabilities, ...audio.modelCapabilities?.(deployment.providerModel) };
    },
  }),
);
