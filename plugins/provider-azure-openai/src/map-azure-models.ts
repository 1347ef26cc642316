/**
 * Azure's model list (`GET /openai/models`): base and fine-tuned models the resource may deploy,
 * with `created_at` and a capabilities object instead of OpenAI's `created` and `owned_by`.
 */
import type { ModelCapabilities, ProviderModel } from '@conduit/plugin-api';

export interface AzureModel {
  id: string;
  object?: string;
  created_at?: number;
  /** The v1 API answers in OpenAI's shape. */
  created?: number;
  owned_by?: string;
  status?: string;
  capabilities?: {
    chat_completion?: boolean;
    completion?: boolean;
    embeddings?: boolean;
    inference?: boolean;
    fine_tune?: boolean;
  };
}

export interface AzureModelList {
  data?: AzureModel[];
}

export function mapAzureModels(list: AzureModelList): ProviderModel[] {
  return (list.data ?? []).map((model) => {
    const out: ProviderModel = { id: model.id };
    const created = model.created_at ?? model.created;
    if (created !== undefined) out.created = created;
    if (model.owned_by !== undefined) out.ownedBy = model.owned_by;
    const capabilities = model.capabilities;
    if (capabilities) {
      const mapped: Partial<ModelCapabilities> = {};
      if (capabilities.chat_completion !== undefined) mapped.chat = capabilities.chat_completion;
      if (capabilities.completion !== undefined) mapped.completions = capabilities.completion;
      if (capabilities.embeddings !== undefined) mapped.embeddings = capabilities.embeddings;
      out.capabilities = mapped;
    }
    return out;
  });
}
