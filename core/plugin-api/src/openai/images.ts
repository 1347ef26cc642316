/** OpenAI's Images API: generation (`/v1/images/generations`) and edits (`/v1/images/edits`). */
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

/** An image (or mask) uploaded with an edit request: its bytes, streamed to the provider. */
export interface ImageUpload {
  /** The form field it came in: `image`, `image[]` (one of several images) or `mask`. */
  field: 'image' | 'image[]' | 'mask';
  /** The client's filename (providers judge the format by its extension). */
  filename: string;
  /** The content type to send upstream, e.g. `image/png`. */
  contentType: string;
  /** The bytes; iterate once. */
  body: AsyncIterable<Uint8Array>;
  /** The size in bytes, when known. */
  bytes?: number;
}

/** An image edit (`/v1/images/edits`, multipart): the prompt, the uploads, and the other form fields as sent. */
export interface ImageEditRequest {
  /** The provider's model name. */
  model: string;
  prompt: string;
  /** The images to edit, then the mask if any, in the order they came. */
  files: ImageUpload[];
  /** The other form fields as text (`n`, `size`, `quality`, `response_format`, `background`, `output_format`, `input_fidelity`, `user`…). */
  fields: Record<string, string>;
}
