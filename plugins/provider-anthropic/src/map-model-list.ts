/** Anthropic's `GET /v1/models` page -> ProviderModel entries, with the capabilities it reports. */
import type { ModelCapabilities, ProviderModel } from '@conduit/plugin-api';
import type { AnthropicModelInfo } from './anthropic-api.ts';

export function mapModelInfo(model: AnthropicModelInfo): ProviderModel {
  const mapped: ProviderModel = { id: model.id, ownedBy: 'anthropic' };
  const created = model.created_at ? Date.parse(model.created_at) : Number.NaN;
  if (!Number.isNaN(created)) mapped.created = Math.floor(created / 1000);
  const capabilities: Partial<ModelCapabilities> = {};
  if (model.capabilities?.image_input) capabilities.vision = model.capabilities.image_input.supported;
  if (model.capabilities?.structured_outputs) capabilities.jsonSchema = model.capabilities.structured_outputs.supported;
  if (Object.keys(capabilities).length > 0) mapped.capabilities = capabilities;
  return mapped;
}
