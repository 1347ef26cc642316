/**
 * What a model served through a provider can do, as the gateway holds it: every flag set. Plugins
 * declare `DeclaredCapabilities` instead, where a missing flag means false. The gateway refuses a request that needs a
 * capability its model lacks (a clear 400 instead of an upstream error) and the router only sends
 * requests to deployments that can serve them.
 */
export interface ModelCapabilities {
  chat: boolean;
  /** Server-sent-event streaming of chat (and completions, where supported). */
  stream: boolean;
  /** Function/tool calling, including parallel calls. */
  tools: boolean;
  /** Image inputs in user messages. */
  vision: boolean;
  /** `response_format: { type: 'json_object' }`. */
  jsonObject: boolean;
  /** `response_format: { type: 'json_schema' }`. */
  jsonSchema: boolean;
  /** Legacy `/v1/completions`. */
  completions: boolean;
  embeddings: boolean;
  images: boolean;
  /** Audio content parts in chat. */
  audioInput: boolean;
  /**
   * OpenAI Realtime sessions (`/v1/realtime`). A provider has it when its type has a
   * `realtime-translator` plugin; a deployment may turn it off.
   */
  realtime: boolean;
  /**
   * `/v1/moderations`: classifying text (and images) for harmful content. Added after the first
   * release: a plugin built before it lacks it.
   */
  moderations: boolean;
}

export type CapabilityName = keyof ModelCapabilities;

/**
 * Capabilities as a plugin declares them: optional flags, a missing one is false. New flags are
 * added to later versions of the plugin API as optional, so a plugin built before one existed keeps
 * loading (and simply lacks it); a gateway ignores flags it does not know, so a plugin built after
 * one was added loads on an older gateway too.
 */
export type DeclaredCapabilities = Partial<ModelCapabilities>;

export const capabilityNames: readonly CapabilityName[] = [
  'chat',
  'stream',
  'tools',
  'vision',
  'jsonObject',
  'jsonSchema',
  'completions',
  'embeddings',
  'images',
  'audioInput',
  'realtime',
  'moderations',
];

export const noCapabilities: ModelCapabilities = {
  chat: false,
  stream: false,
  tools: false,
  vision: false,
  jsonObject: false,
  jsonSchema: false,
  completions: false,
  embeddings: false,
  images: false,
  audioInput: false,
  realtime: false,
  moderations: false,
};

/**
 * Merges layers left to right; later layers override earlier ones field by field. Only the known
 * flags are read, and only when they are booleans.
 */
export function mergeCapabilities(
  base: ModelCapabilities,
  ...layers: Array<Partial<ModelCapabilities> | undefined | null>
): ModelCapabilities {
  const out = { ...base };
  for (const layer of layers) {
    if (!layer) continue;
    for (const name of capabilityNames) {
      const value = layer[name];
      if (typeof value === 'boolean') out[name] = value;
    }
  }
  return out;
}

/**
 * The full capabilities of a provider plugin's model: its declared flags, refined for the model by
 * `modelCapabilities`, over `noCapabilities` (a flag declared nowhere is false).
 */
export function capabilitiesOf(
  plugin: {
    readonly capabilities?: DeclaredCapabilities | null;
    modelCapabilities?(providerModel: string): DeclaredCapabilities | undefined;
  },
  providerModel?: string,
): ModelCapabilities {
  const model = providerModel !== undefined ? plugin.modelCapabilities?.(providerModel) : undefined;
  return mergeCapabilities(noCapabilities, plugin.capabilities, model);
}
