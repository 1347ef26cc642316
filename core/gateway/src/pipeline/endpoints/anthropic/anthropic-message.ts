/**
 * Anthropic's Messages API answer as the gateway writes it: the Message object and the events of its
 * stream (the shapes of `@anthropic-ai/sdk`'s `Message` and `MessageStreamEvent`, the fields Conduit fills).
 */

export type AnthropicStopReason = 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use' | 'refusal';

export interface AnthropicTextBlock {
  type: 'text';
  text: string;
}

export interface AnthropicToolUseBlock {
  type: 'tool_use';
  id: string;
  name: string;
  input: Record<string, unknown>;
}

/**
 * The model's reasoning. `signature` is the provider's proof that the model wrote it (from the
 * answer's `thinking_blocks`); empty when the provider signs none. Clients send the block back as
 * it came, and the gateway passes it on.
 */
export interface AnthropicThinkingBlock {
  type: 'thinking';
  thinking: string;
  signature: string;
}

/** Reasoning the provider returned encrypted; `data` goes back as it came. */
export interface AnthropicRedactedThinkingBlock {
  type: 'redacted_thinking';
  data: string;
}

export type AnthropicContentBlock = AnthropicThinkingBlock | AnthropicRedactedThinkingBlock | AnthropicTextBlock | AnthropicToolUseBlock;

/** Token usage. `input_tokens` excludes the tokens read from or written to a prompt cache, as Anthropic counts. */
export interface AnthropicUsage {
  input_tokens: number;
  output_tokens: number;
  /** Null when the provider did not say. */
  cache_creation_input_tokens: number | null;
  cache_read_input_tokens: number | null;
  /** The cache writes by how long they are kept; only when the provider said how many were kept for an hour. */
  cache_creation?: { ephemeral_5m_input_tokens: number; ephemeral_1h_input_tokens: number };
  /** Only when the provider counted its reasoning tokens. */
  output_tokens_details?: { thinking_tokens: number };
}

export interface AnthropicMessage {
  id: string;
  type: 'message';
  role: 'assistant';
  content: AnthropicContentBlock[];
  model: string;
  stop_reason: AnthropicStopReason | null;
  stop_sequence: string | null;
  usage: AnthropicUsage;
}

export type AnthropicStreamEvent =
  | { type: 'message_start'; message: AnthropicMessage }
  | { type: 'ping' }
  | { type: 'content_block_start'; index: number; content_block: AnthropicContentBlock }
  | {
      type: 'content_block_delta';
      index: number;
      delta:
        | { type: 'text_delta'; text: string }
        | { type: 'thinking_delta'; thinking: string }
        | { type: 'signature_delta'; signature: string }
        | { type: 'input_json_delta'; partial_json: string };
    }
  | { type: 'content_block_stop'; index: number }
  | {
      type: 'message_delta';
      delta: { stop_reason: AnthropicStopReason | null; stop_sequence: string | null };
      usage: AnthropicUsage;
    }
  | { type: 'message_stop' };
