/** OpenAI's Images generation API (`/v1/images/generations`). */
export interface ImageGenerationRequest {
  model?: string;
  prompt: string;
  n?: number | null;
  size?: string | null;
  quality?: string | null;
  response_format?: 'url' | 'b64_json' | null;
  style?: string | null;
  user?: string;
  [extra: string]: unknown;
}

export interface ImagesResponse {
  created: number;
  data: Array<{ url?: string; b64_json?: string; revised_prompt?: string }>;
  usage?: { input_tokens?: number; output_tokens?: number; total_tokens?: number; [extra: string]: unknown };
  [extra: string]: unknown;
}
