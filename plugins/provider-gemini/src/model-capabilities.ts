/**
 * Capabilities by model name. Gemini chat models take text, images, tools and JSON output; embedding
 * models only embed; Gemma models served by the API chat without tools or JSON mode. Names not
 * recognised keep the provider's defaults.
 */
import { noCapabilities, type ModelCapabilities } from '@conduit/plugin-api';
import { bareModelName } from './model-traits.ts';

export const chatModelCapabilities: ModelCapabilities = {
  ...noCapabilities,
  chat: true,
  stream: true,
  tools: true,
  vision: true,
  jsonObject: true,
  jsonSchema: true,
};

/** Provider defaults: everything a Gemini model may do, for names this plugin does not recognise. */
export const geminiCapabilities: ModelCapabilities = { ...chatModelCapabilities, embeddings: true };

const embeddingModel = /^(text-embedding-|gemini-embedding-|embedding-|text-multilingual-embedding-)/i;

export function geminiModelCapabilities(model: string): Partial<ModelCapabilities> | undefined {
  const name = bareModelName(model);
  if (embeddingModel.test(name)) return { ...noCapabilities, embeddings: true };
  if (/^gemini-/i.test(name)) return { ...chatModelCapabilities };
  if (/^gemma-/i.test(name)) return { ...noCapabilities, chat: true, stream: true };
  if (/^(imagen-|veo-|aqa$)/i.test(name)) return { ...noCapabilities };
  return undefined;
}
