/** OpenAI's Moderations API (`/v1/moderations`): classifies text and images for harmful content. */

/** A text part of a multimodal moderation input. */
export interface ModerationTextInput {
  type: 'text';
  text: string;
}

/** An image part of a multimodal moderation input: an `http(s)` URL or a `data:` URL of base64 image data. */
export interface ModerationImageInput {
  type: 'image_url';
  image_url: { url: string };
}

export type ModerationMultimodalInput = ModerationTextInput | ModerationImageInput;

export interface ModerationRequest {
  /**
   * A string, a list of strings (one result each), or a list of text and image parts classified
   * together (one result).
   */
  input: string | string[] | ModerationMultimodalInput[];
  /** Always set by the gateway: OpenAI's default, `omni-moderation-latest`, when the client named none. */
  model: string;
  [extra: string]: unknown;
}

/** OpenAI's categories; a provider may add others, so the records are open. */
export type ModerationCategory =
  | 'hate'
  | 'hate/threatening'
  | 'harassment'
  | 'harassment/threatening'
  | 'illicit'
  | 'illicit/violent'
  | 'self-harm'
  | 'self-harm/intent'
  | 'self-harm/instructions'
  | 'sexual'
  | 'sexual/minors'
  | 'violence'
  | 'violence/graphic';

export interface ModerationResult {
  /** Whether any category was flagged. */
  flagged: boolean;
  /** Per category, whether it was flagged (`illicit*` are null from the text-moderation models). */
  categories: Partial<Record<ModerationCategory, boolean | null>> & Record<string, boolean | null>;
  /** Per category, the model's confidence, 0 to 1. */
  category_scores: Partial<Record<ModerationCategory, number>> & Record<string, number>;
  /** Per category, which kinds of input (`text`, `image`) the score applies to (omni models only). */
  category_applied_input_types?: Partial<Record<ModerationCategory, Array<'text' | 'image'>>> & Record<string, Array<'text' | 'image'>>;
}

export interface ModerationResponse {
  id: string;
  model: string;
  /** One per input string; one for a list of multimodal parts. */
  results: ModerationResult[];
}
