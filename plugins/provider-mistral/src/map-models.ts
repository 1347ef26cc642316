/**
 * Mistral `GET /v1/models` -> the provider's model list. Each card says what the model can do
 * (`completion_chat`, `function_calling`, `vision`, `audio`); embedding models are known by name.
 */
import { mergeCapabilities, noCapabilities, type ProviderModel } from '@conduit/plugin-api';
import { chatCapabilities, mistralModelCapabilities } from './model-capabilities.ts';

interface ModelCard {
  id?: unknown;
  created?: unknown;
  owned_by?: unknown;
  capabilities?: Record<string, unknown>;
}

export function mapModels(raw: unknown): ProviderModel[] {
  const data = (raw as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) return [];
  return (data as ModelCard[]).flatMap((card): ProviderModel[] => {
    if (typeof card.id !== 'string') return [];
    const flags = card.capabilities ?? {};
    const capabilities = flags.completion_chat
      ? mergeCapabilities(chatCapabilities, {
          tools: flags.function_calling === true,
          vision: flags.vision === true,
          audioInput: flags.audio === true,
        })
      : mergeCapabilities(noCapabilities, mistralModelCapabilities(card.id));
    const model: ProviderModel = { id: card.id, capabilities };
    if (typeof card.owned_by === 'string') model.ownedBy = card.owned_by;
    if (typeof card.created === 'number') model.created = card.created;
    return [model];
  });
}
