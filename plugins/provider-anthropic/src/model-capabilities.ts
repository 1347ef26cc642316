/**
 * What Anthropic's models can do. Every current Claude model chats, streams, calls tools and reads
 * images; structured outputs (`output_config.format`, our jsonSchema) arrived with the 4.5
 * generation, so older models refuse them. Anthropic has no schema-less JSON mode and no
 * embeddings, legacy completions, image generation or audio input.
 */
import { noCapabilities, type ModelCapabilities } from '@conduit/plugin-api';

export const anthropicCapabilities: ModelCapabilities = {
  ...noCapabilities,
  chat: true,
  stream: true,
  tools: true,
  vision: true,
  jsonSchema: true,
};

const withoutStructuredOutputs = [
  /^claude-3-/,
  /^claude-(opus|sonnet)-4-0(-|$)/,
  /^claude-(opus|sonnet)-4-\d{8}/,
  /^claude-opus-4-1(-|$)/,
];

export function anthropicModelCapabilities(model: string): Partial<ModelCapabilities> | undefined {
  const name = model.toLowerCase();
  if (/^claude-(2|instant)/.test(name)) return { tools: false, vision: false, jsonSchema: false };
  if (withoutStructuredOutputs.some((pattern) => pattern.test(name))) return { jsonSchema: false };
  return undefined;
}
