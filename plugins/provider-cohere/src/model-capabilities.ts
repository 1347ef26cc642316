/**
 * Refinements by Cohere model name. Command models chat (with tools and structured output); the
 * vision ones (`command-a-vision-*`) also take images; Aya models only chat (Aya Vision with images); `embed-*` models only embed;
 * `rerank-*` models serve none of the OpenAI endpoints. Unknown names keep the defaults.
 */
import { noCapabilities, type ModelCapabilities } from '@conduit/plugin-api';

export const chatCapabilities: ModelCapabilities = {
  ...noCapabilities,
  chat: true,
  stream: true,
  tools: true,
  jsonObject: true,
  jsonSchema: true,
};

export function cohereModelCapabilities(model: string): Partial<ModelCapabilities> | undefined {
  const name = model.toLowerCase();
  if (name.startsWith('embed-')) return { ...noCapabilities, embeddings: true };
  if (name.startsWith('rerank-')) return { ...noCapabilities };
  if (name.startsWith('command-a-vision')) return { ...chatCapabilities, vision: true };
  if (name.startsWith('command')) return { ...chatCapabilities };
  // Aya models chat but are not trained for tool use or structured output.
  if (name.startsWith('c4ai-aya')) return { ...noCapabilities, chat: true, stream: true, vision: name.startsWith('c4ai-aya-vision') };
  return undefined;
}
