/**
 * POST /v1/moderations as OpenAI answers it: `input` required (a string, strings, or text and
 * image_url parts), `model` defaulting to `omni-moderation-latest`, images refused by the
 * text-moderation models. Scripted errors, hangs and raw answers are honoured like elsewhere.
 */
import type { FakeResponse } from './fake-response.ts';
import { buildModeration, type ModerationItem } from './build-moderation.ts';
import { openAIErrorBody } from './openai-error-body.ts';
import type { OpenAIFakeReply } from './serve-model-endpoints.ts';
import { rateLimitHeaders } from './fake-response.ts';

type Body = Record<string, unknown>;

export function serveModerations(body: Body, reply: OpenAIFakeReply | undefined, out: FakeResponse): void | Promise<void> {
  switch (reply?.type) {
    case 'http-error':
      return out.scriptedError(reply.status, reply.message, reply.retryAfterSeconds);
    case 'hang':
      return out.aborted;
    case 'raw':
      return out.raw(reply.status, reply.headers ?? {}, reply.body);
    default:
  }
  if (body.input === undefined) {
    return out.error(400, openAIErrorBody(400, "Missing required parameter: 'input'.", { param: 'input', code: 'missing_required_parameter' }));
  }
  const model = typeof body.model === 'string' ? body.model : 'omni-moderation-latest';
  const items = moderationItems(body.input);
  if (typeof items === 'string') return out.error(400, openAIErrorBody(400, items, { param: 'input', code: 'invalid_value' }));
  if (model.startsWith('text-moderation') && items.some((item) => item.images > 0)) {
    return out.error(400, openAIErrorBody(400, `Model ${model} does not support image inputs.`, { param: 'input', code: 'invalid_value' }));
  }
  out.json(200, buildModeration(items, model), rateLimitHeaders(false));
}

/** The items judged, one result each; a string when the input is not one OpenAI accepts. */
export function moderationItems(input: unknown): ModerationItem[] | string {
  if (typeof input === 'string') return [{ texts: [input], images: 0 }];
  if (!Array.isArray(input) || input.length === 0) return "Invalid value for 'input': expected a string or a non-empty array.";
  if (input.every((item) => typeof item === 'string')) return input.map((text: string) => ({ texts: [text], images: 0 }));
  const whole: ModerationItem = { texts: [], images: 0 };
  for (const part of input as unknown[]) {
    const value = (part ?? {}) as Body;
    if (value.type === 'text' && typeof value.text === 'string') whole.texts.push(value.text);
    else if (value.type === 'image_url' && typeof (value.image_url as Body | undefined)?.url === 'string') whole.images++;
    else return "Invalid value for 'input': each part must be {type: 'text', text} or {type: 'image_url', image_url: {url}}.";
  }
  return [whole];
}
