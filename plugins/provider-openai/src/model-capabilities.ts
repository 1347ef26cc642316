/**
 * Refinements by model name for OpenAI's own catalogue: embedding and image models only do that,
 * and models that predate vision cannot take images. Names not recognised keep the defaults.
 */
import { noCapabilities, type ModelCapabilities } from '@conduit/plugin-api';

export function openAIModelCapabilities(model: string): Partial<ModelCapabilities> | undefined {
  if (model.startsWith('text-embedding-')) return { ...noCapabilities, embeddings: true };
  if (model.startsWith('dall-e-') || model.startsWith('gpt-image-')) return { ...noCapabilities, images: true };
  if (model.startsWith('gpt-3.5-')) return { vision: false, embeddings: false, images: false };
  if (/^(gpt-4|o\d|gpt-5|chatgpt-)/.test(model)) return { embeddings: false, images: false, completions: false };
  return undefined;
}
