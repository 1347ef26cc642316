/**
 * Cohere `GET /v1/models` -> the provider's model list. A model's `endpoints` say what it serves;
 * models listed without them fall back to the name-based rules.
 */
import { mergeCapabilities, noCapabilities, type ModelCapabilities, type ProviderModel } from '@conduit/plugin-api';
import type { CohereModelList } from './cohere-types.ts';
import { chatCapabilities, cohereModelCapabilities } from './model-capabilities.ts';

export function mapModels(list: CohereModelList): ProviderModel[] {
  return (list.models ?? []).flatMap((model): ProviderModel[] => {
    if (!model.name) return [];
    const endpoints = model.endpoints ?? [];
    const capabilities: ModelCapabilities =
      endpoints.length > 0
        ? mergeCapabilities(
            noCapabilities,
            endpoints.includes('chat') ? chatCapabilities : undefined,
            endpoints.includes('embed') ? { embeddings: true } : undefined,
            (model.features ?? []).includes('vision') ? { vision: true } : undefined,
          )
        : mergeCapabilities(noCapabilities, cohereModelCapabilities(model.name));
    return [{ id: model.name, ownedBy: 'cohere', capabilities }];
  });
}
