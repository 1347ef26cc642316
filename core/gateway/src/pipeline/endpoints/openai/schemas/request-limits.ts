/**
 * What one /v1 request may contain, past the body's size and shape (json-shape-limits.ts). Each is a
 * 400 naming the field and the limit; the README lists them.
 */
export const requestLimits = {
  /** Characters in a model name. */
  modelLength: 256,
  /** Messages in one chat completion request. */
  messages: 4_096,
  /** Content parts in one chat message (text, images, audio, files). */
  contentParts: 1_024,
  /** Characters of all tool definitions together, as JSON (about 64,000 tokens; serialised whole to count them). */
  toolsCharacters: 256_000,
  /** Tools in one chat completion request (OpenAI's limit). */
  tools: 128,
  /** Token ids in one prompt or embeddings input, in all its arrays (OpenAI's embeddings limit). */
  tokenIds: 300_000,
  /** Strings or token arrays in one prompt or embeddings input (OpenAI's embeddings limit). */
  inputItems: 2_048,
  /** Characters in an image generation prompt (OpenAI's limit for its GPT image models; dall-e's are lower). */
  imagePromptCharacters: 32_000,
} as const;
