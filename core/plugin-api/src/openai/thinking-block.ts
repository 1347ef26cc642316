/**
 * Extension: the model's reasoning as the provider returned it, block by block, with what the
 * provider needs to accept it back. Shape and name follow LiteLLM's `thinking_blocks`, which clients
 * already send back on assistant messages.
 *
 * Some providers (Anthropic's Claude, directly or through Bedrock) sign each block and, in a tool
 * loop with reasoning on, refuse the next request unless the previous assistant turn carries its
 * blocks back unchanged. A client keeps `thinking_blocks` of an answer and returns them on that
 * assistant message; a plugin for a provider without signatures ignores them.
 */
export type ThinkingBlock =
  /** Reasoning text with the provider's signature over it (opaque; absent when the provider gave none). */
  | { type: 'thinking'; thinking: string; signature?: string }
  /** Reasoning the provider returned encrypted: `data` is opaque and goes back as it came. */
  | { type: 'redacted_thinking'; data: string };
