/**
 * Reads and validates an image edit request (OpenAI's CreateImageEditRequest, multipart): the images
 * (`image`, or up to 16 as `image[]`) and an optional `mask`, each held once so that every attempt can
 * send them again, and the text fields, checked with the generation schema's rules and OpenAI's errors.
 * The fields reach the provider as the client sent them.
 */
import { z } from 'zod';
import { invalidRequest } from '../../../domain/gateway-error.ts';
import type { InputLimits } from '../../endpoint.ts';
import type { Exchange } from '../../exchange.ts';
import { readMultipart, type HeldFile } from '../../http/read-multipart.ts';
import { imageRequestSchema } from './schemas/image-request-schema.ts';
import { parseRequestBody } from './schemas/parse-request-body.ts';

/** The model OpenAI edits with when a request names none. */
export const defaultImageEditModel = 'gpt-image-1.5';

/** Images one edit may carry (OpenAI's limit for the GPT image models), and a mask. */
const maxImages = 16;

export interface ImageEditInput {
  model: string;
  prompt: string;
  n: number;
  /** The images, then the mask, as they came. */
  files: Array<HeldFile & { field: 'image' | 'image[]' | 'mask' }>;
  /** The text fields other than model and prompt, as sent. */
  fields: Record<string, string>;
}

const editSchema = imageRequestSchema.extend({ input_fidelity: z.enum(['high', 'low']).nullish() });

/** Fields the schema reads as numbers or booleans; the form carries them as text. */
const numberFields = new Set(['n', 'output_compression', 'partial_images']);

export async function readImageEditForm(exchange: Exchange, limits: InputLimits): Promise<ImageEditInput> {
  const form = await readMultipart(exchange.request, { maxFileBytes: limits.bodyLimitBytes, maxFiles: maxImages + 1 });
  // The request is done with the uploads once its response is: sent, failed or abandoned by the client.
  const release = (): void => {
    for (const file of form.files) file.upload.release();
  };
  if (exchange.response.closed) release();
  else exchange.response.once('close', release);

  const values: Record<string, unknown> = {};
  const fields: Record<string, string> = {};
  for (const [name, sent] of form.fields) {
    if (sent.length > 1) throw invalidRequest(`The field '${name}' was sent more than once.`, name, 'invalid_value');
    const text = sent[0]!;
    values[name] = numberFields.has(name) && /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : name === 'stream' && (text === 'true' || text === 'false') ? text === 'true' : text;
    if (name !== 'model' && name !== 'prompt') fields[name] = text;
  }
  const request = parseRequestBody(editSchema, values);

  const images = form.files.filter((file) => file.field === 'image' || file.field === 'image[]');
  const masks = form.files.filter((file) => file.field === 'mask');
  const other = form.files.find((file) => !images.includes(file) && !masks.includes(file));
  if (other) throw invalidRequest(`Unexpected file field '${other.field}': send images as 'image' (or 'image[]') and a mask as 'mask'.`, other.field, 'invalid_value');
  if (images.length === 0) throw invalidRequest("Missing required parameter: 'image'.", 'image', 'missing_required_parameter');
  if (images.length > maxImages) throw invalidRequest(`Invalid 'image': at most ${maxImages} images may be edited at once.`, 'image', 'array_above_max_length');
  if (masks.length > 1) throw invalidRequest("Invalid 'mask': send one mask.", 'mask', 'invalid_value');
  const empty = form.files.find((file) => file.bytes === 0);
  if (empty) throw invalidRequest(`The file '${empty.filename || empty.field}' is empty.`, empty.field, 'invalid_value');

  return {
    model: request.model ?? defaultImageEditModel,
    prompt: request.prompt,
    n: request.n ?? 1,
    files: [...images, ...masks] as ImageEditInput['files'],
    fields,
  };
}
