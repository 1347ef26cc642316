/**
 * OpenAI's CreateModerationRequest: `input` is a string, a list of strings (one result each) or a
 * list of text and image parts (one result for all); `model` defaults to `omni-moderation-latest`.
 * Images come only as URLs: an http(s) URL or a data URL of base64 image data, as the spec says.
 * Unknown fields reach the upstream untouched, as with every /v1 request.
 */
import { z } from 'zod';
import { requestLimits } from './request-limits.ts';
import { jsonTypeName } from './text-or-tokens.ts';

/** The model OpenAI classifies with when a request names none. */
export const defaultModerationModel = 'omni-moderation-latest';

const imageUrl = z
  .string()
  .min(1)
  .refine((url) => /^https?:\/\/\S+$/i.test(url) || /^data:image\/[\w.+-]+;base64,[A-Za-z0-9+/=\s]+$/.test(url), {
    message: 'expected an http(s) URL or a data URL of base64 image data (data:image/png;base64,...)',
  });

const part = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string() }).loose(),
  z.object({ type: z.literal('image_url'), image_url: z.object({ url: imageUrl }).loose() }).loose(),
]);

const strings = z.array(z.string()).min(1).max(requestLimits.inputItems);
const parts = z.array(part).min(1).max(requestLimits.contentParts);

const expected = 'a string, an array of strings or an array of text and image_url objects';

/** Dispatches on the first item, so a bad list is refused for what its own kind found wrong. */
const moderationInput = z.unknown().superRefine((value, ctx) => {
  if (typeof value === 'string') return;
  if (value === undefined) {
    // Refused as absent (`missing_required_parameter`), like any required field.
    ctx.addIssue({ code: 'invalid_type', expected: 'string', input: value });
    return;
  }
  if (!Array.isArray(value)) {
    ctx.addIssue({ code: 'custom', message: `expected ${expected}, but got ${jsonTypeName(value)} instead`, params: { code: 'invalid_type' } });
    return;
  }
  const first: unknown = value[0];
  const result = (first !== null && typeof first === 'object' ? parts : strings).safeParse(value);
  if (result.success) return;
  const issue = result.error.issues[0]!;
  ctx.addIssue({ ...issue, path: issue.path } as Parameters<typeof ctx.addIssue>[0]);
});

export const moderationRequestSchema = z
  .object({
    input: moderationInput,
    model: z.string().min(1).max(requestLimits.modelLength).optional(),
  })
  .loose();
