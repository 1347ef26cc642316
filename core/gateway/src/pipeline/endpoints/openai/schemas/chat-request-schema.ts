/**
 * The accepted shape of a chat completion request: OpenAI's types, checked where a wrong type would
 * otherwise reach a provider. Unknown fields pass through (z.looseObject) for OpenAI-compatible
 * upstreams that understand them.
 */
import { z } from 'zod';
import { jsonObject, numberRecord } from './json-records.ts';
import type { ListInTurns } from './parse-request-body.ts';
import { requestLimits } from './request-limits.ts';
import { toolListSchema } from './tool-list-schema.ts';

const text = z.object({ type: z.literal('text'), text: z.string() }).loose();
const image = z
  .object({
    type: z.literal('image_url'),
    image_url: z.object({ url: z.string().min(1), detail: z.enum(['auto', 'low', 'high']).optional() }).loose(),
  })
  .loose();
const inputAudio = z
  .object({ type: z.literal('input_audio'), input_audio: z.object({ data: z.string(), format: z.string() }).loose() })
  .loose();
const file = z.object({ type: z.literal('file'), file: jsonObject() }).loose();
const refusal = z.object({ type: z.literal('refusal'), refusal: z.string() }).loose();

/** A message's content parts, bounded: a message is checked in one go (see chatCompletionRequestInTurns). */
const parts = <Part extends z.ZodType>(part: Part) => z.array(part).max(requestLimits.contentParts, `at most ${requestLimits.contentParts} content parts`);
const textOnlyContent = z.union([z.string(), parts(text)]);
const userContent = z.union([z.string(), parts(z.discriminatedUnion('type', [text, image, inputAudio, file]))]);

const toolCall = z
  .object({
    id: z.string(),
    type: z.literal('function'),
    function: z.object({ name: z.string(), arguments: z.string() }).loose(),
  })
  .loose();

// The thinking_blocks extension: a provider's signed reasoning, sent back as an answer gave it.
const thinkingBlock = z.discriminatedUnion('type', [
  z.object({ type: z.literal('thinking'), thinking: z.string(), signature: z.string().optional() }).loose(),
  z.object({ type: z.literal('redacted_thinking'), data: z.string() }).loose(),
]);

const message = z.discriminatedUnion('role', [
  z.object({ role: z.literal('system'), content: textOnlyContent, name: z.string().optional() }).loose(),
  z.object({ role: z.literal('developer'), content: textOnlyContent, name: z.string().optional() }).loose(),
  z.object({ role: z.literal('user'), content: userContent, name: z.string().optional() }).loose(),
  z
    .object({
      role: z.literal('assistant'),
      content: z.union([z.string(), parts(z.discriminatedUnion('type', [text, refusal]))]).nullish(),
      tool_calls: z.array(toolCall).optional(),
      thinking_blocks: parts(thinkingBlock).optional(),
      name: z.string().optional(),
    })
    .loose(),
  z.object({ role: z.literal('tool'), content: textOnlyContent, tool_call_id: z.string() }).loose(),
  z.object({ role: z.literal('function'), content: z.string().nullable(), name: z.string() }).loose(),
]);

const tool = z
  .object({
    type: z.literal('function'),
    function: z
      .object({
        name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, underscores or dashes'),
        description: z.string().optional(),
        parameters: jsonObject().optional(),
        strict: z.boolean().nullish(),
      })
      .loose(),
  })
  .loose();

const toolChoice = z.union([
  z.enum(['none', 'auto', 'required']),
  z.object({ type: z.literal('function'), function: z.object({ name: z.string() }) }).loose(),
]);

const responseFormat = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text') }).loose(),
  z.object({ type: z.literal('json_object') }).loose(),
  z
    .object({
      type: z.literal('json_schema'),
      json_schema: z
        .object({
          name: z.string(),
          description: z.string().optional(),
          schema: jsonObject().optional(),
          strict: z.boolean().nullish(),
        })
        .loose(),
    })
    .loose(),
]);

const stop = z.union([z.string(), z.array(z.string()).max(4)]).nullish();
const positiveInt = z.number().int().positive();

const messageList = <Item extends z.ZodType>(item: Item) =>
  z
    .array(item)
    .min(1, 'must contain at least one message')
    .max(requestLimits.messages, `at most ${requestLimits.messages} messages`);

export const chatCompletionRequestSchema = z
  .object({
    model: z.string().min(1).max(requestLimits.modelLength),
    messages: messageList(message),
    stream: z.boolean().nullish(),
    stream_options: z.object({ include_usage: z.boolean().optional() }).loose().nullish(),
    temperature: z.number().min(0).max(2).nullish(),
    top_p: z.number().min(0).max(1).nullish(),
    n: z.number().int().min(1).max(128).nullish(),
    stop,
    max_tokens: positiveInt.nullish(),
    max_completion_tokens: positiveInt.nullish(),
    presence_penalty: z.number().min(-2).max(2).nullish(),
    frequency_penalty: z.number().min(-2).max(2).nullish(),
    logit_bias: numberRecord().nullish(),
    logprobs: z.boolean().nullish(),
    top_logprobs: z.number().int().min(0).max(20).nullish(),
    user: z.string().optional(),
    seed: z.number().int().nullish(),
    tools: toolListSchema(tool).optional(),
    tool_choice: toolChoice.optional(),
    parallel_tool_calls: z.boolean().optional(),
    response_format: responseFormat.optional(),
  })
  .loose();

/** The same, a slice of messages per turn of the event loop when there are many (parse-request-body.ts). */
export const chatCompletionRequestInTurns: ListInTurns<typeof chatCompletionRequestSchema> = {
  whole: chatCompletionRequestSchema,
  field: 'messages',
  item: message,
  around: chatCompletionRequestSchema.extend({ messages: messageList(z.unknown()) }),
};
