/**
 * Refinements by Bedrock model id. Ids come bare (`anthropic.claude-3-5-sonnet-20240620-v1:0`), as
 * cross-region inference profiles (`us.`, `eu.`, `apac.`, `global.` … prefixes) or as ARNs; the rule
 * reads the bare id.
 *
 * Vision: Claude 3 and later (except Claude 3.5 Haiku), Amazon Nova Lite / Pro / Premier, Llama 3.2
 * 11B / 90B and Llama 4, Mistral Pixtral. JSON schema output (Converse `outputConfig.textFormat`):
 * Claude 4.5 and later. Embedding and image generation models do not chat; Bedrock embeddings (they
 * go through InvokeModel, not Converse) are not implemented yet. Old text models without tool use
 * in Converse lose `tools`.
 */
import { noCapabilities, type ModelCapabilities } from '@conduit/plugin-api';

export function bareModelId(modelId: string): string {
  const last = modelId.split('/').at(-1) ?? modelId;
  return last.replace(/^(us|eu|apac|global|us-gov|jp|au|ca)\./, '');
}

const nonChat = /^(amazon\.titan-embed|cohere\.embed|amazon\.titan-image|amazon\.nova-canvas|amazon\.nova-reel|stability\.|twelvelabs\.|amazon\.rerank|cohere\.rerank)/;
const vision = [
  /^anthropic\.claude-3-(?!5-haiku)/,
  /^anthropic\.claude-(sonnet|opus|haiku)-4/,
  /^amazon\.nova-(lite|pro|premier)/,
  /^meta\.llama3-2-(11b|90b)/,
  /^meta\.llama4/,
  /^mistral\.pixtral/,
];
const noTools = /^(amazon\.titan-text|anthropic\.claude-(v2|instant)|ai21\.j2|meta\.llama2|meta\.llama3-(8b|70b)|mistral\.(mistral-7b|mixtral))/;
const jsonSchema = /^anthropic\.claude-(sonnet|opus|haiku)-(4-[5-9]|[5-9](-\d)?)(-|:|$)/;

export function bedrockModelCapabilities(modelId: string): Partial<ModelCapabilities> | undefined {
  const id = bareModelId(modelId).toLowerCase();
  if (nonChat.test(id)) return { ...noCapabilities };
  const out: Partial<ModelCapabilities> = {};
  if (vision.some((pattern) => pattern.test(id))) out.vision = true;
  if (noTools.test(id)) out.tools = false;
  if (jsonSchema.test(id)) out.jsonSchema = true;
  return Object.keys(out).length > 0 ? out : undefined;
}
