/**
 * Gemini's model list -> ProviderModel entries, ids without the `models/` prefix. Capabilities come
 * from the model's name where it is known, else from the generation methods it supports.
 */
import { noCapabilities, type ModelCapabilities, type ProviderModel } from '@conduit/plugin-api';
import type { GeminiModel } from './gemini-api.ts';
import { chatModelCapabilities, geminiModelCapabilities } from './model-capabilities.ts';
import { bareModelName } from './model-traits.ts';

export function mapModelList(models: readonly GeminiModel[]): ProviderModel[] {
  return models.map((model) => {
    const id = bareModelName(model.name);
    return { id, ownedBy: 'google', capabilities: geminiModelCapabilities(id) ?? capabilitiesFromMethods(model) };
  });
}

function capabilitiesFromMethods(model: GeminiModel): Partial<ModelCapabilities> {
  const methods = model.supportedGenerationMethods ?? [];
  const chat = methods.includes('generateContent');
  const embeddings = methods.includes('embedContent') || methods.includes('batchEmbedContents');
  return { ...(chat ? chatModelCapabilities : noCapabilities), embeddings };
}
