/**
 * Refinements by deployment name. Azure deployment names are chosen by the admin, but most name a
 * deployment after its model (`gpt-4o`, `text-embedding-3-large`); names not recognised keep the
 * provider defaults, which an admin can override per deployment.
 */
import { noCapabilities, type ModelCapabilities } from '@conduit/plugin-api';

export function azureModelCapabilities(deployment: string): Partial<ModelCapabilities> | undefined {
  const name = deployment.toLowerCase();
  if (name.includes('embedding') || name.startsWith('ada-')) return { ...noCapabilities, embeddings: true };
  if (name.startsWith('dall-e') || name.startsWith('gpt-image')) return { ...noCapabilities, images: true };
  if (/instruct|^davinci|^babbage/.test(name)) return { ...noCapabilities, completions: true, stream: true };
  if (/^gpt-35|^gpt-3\.5/.test(name)) return { vision: false, completions: false, embeddings: false, images: false };
  if (/^(gpt-4|o\d|gpt-5)/.test(name)) {
    return { completions: false, embeddings: false, images: false, audioInput: name.includes('audio') };
  }
  return undefined;
}
