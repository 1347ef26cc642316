/**
 * OpenAI's CreateImageRequest. The enums are the spec's; which of them a model accepts (`hd` only for
 * dall-e-3, `output_format` only for the GPT image models) is the provider's to say. Unknown fields
 * reach the upstream untouched, as with every /v1 request.
 */
import { z } from 'zod';
import { requestLimits } from './request-limits.ts';

/** The model OpenAI generates with when a request names none. */
export const defaultImageModel = 'dall-e-2';

export const imageRequestSchema = z
  .object({
    prompt: z.string().min(1).max(requestLimits.imagePromptCharacters),
    model: z.string().min(1).max(requestLimits.modelLength).nullish(),
    n: z.number().int().min(1).max(10).nullish(),
    size: z
      .string()
      .regex(/^(auto|[1-9]\d{0,4}x[1-9]\d{0,4})$/, "expected 'auto' or WIDTHxHEIGHT, e.g. '1024x1024'")
      .nullish(),
    quality: z.enum(['standard', 'hd', 'low', 'medium', 'high', 'auto']).nullish(),
    style: z.enum(['vivid', 'natural']).nullish(),
    response_format: z.enum(['url', 'b64_json']).nullish(),
    background: z.enum(['transparent', 'opaque', 'auto']).nullish(),
    output_format: z.enum(['png', 'jpeg', 'webp']).nullish(),
    output_compression: z.number().int().min(0).max(100).nullish(),
    moderation: z.enum(['low', 'auto']).nullish(),
    // Streamed generation (partial images as server-sent events) is not relayed: refused rather than
    // answered in a shape the client did not ask for.
    stream: z
      .boolean()
      .nullish()
      .refine((stream) => stream !== true, { message: 'streaming image generation is not supported by this gateway; leave stream unset', params: { code: 'unsupported_value' } }),
    partial_images: z.number().int().min(0).max(3).nullish(),
    user: z.string().optional(),
  })
  .loose();

export type ImageRequest = z.infer<typeof imageRequestSchema>;
