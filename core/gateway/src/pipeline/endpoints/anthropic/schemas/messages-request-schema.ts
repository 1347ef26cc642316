/**
 * The accepted shape of an Anthropic Messages request (`POST /v1/messages`), as `@anthropic-ai/sdk`
 * sends it: the fields the gateway can translate to a chat request, checked with the same limits as
 * chat completions. Unknown fields are accepted and not passed on (`cache_control` on a block,
 * `service_tier`): an upstream behind the gateway need not speak Anthropic's format.
 * Block types the gateway cannot translate (documents, server tools) are refused by name.
 */
import { z } from 'zod';
import { jsonObject } from '../../openai/schemas/json-records.ts';
import type { ListInTurns } from '../../openai/schemas/parse-request-body.ts';
import { requestLimits } from '../../openai/schemas/request-limits.ts';
import { toolListSchema } from '../../openai/schemas/tool-list-schema.ts';

/** Anthropic sets no number; this bounds the work a request can ask of the upstream's matcher. */
const maxStopSequences = 256;
/** Bounds a setting's name (an effort level, a thinking type), which is passed on or compared, never parsed. */
const maxEffortLength = 32;

const parts = <Part extends z.ZodType>(part: Part) => z.array(part).max(requestLimits.contentParts, `at most ${requestLimits.contentParts} content blocks`);

const text = z.object({ type: z.literal('text'), text: z.string() }).loose();
const imageSource = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('base64'),
      media_type: z.enum(['image/jpeg', 'image/png', 'image/gif', 'image/webp']),
      data: z.string().min(1),
    })
    .loose(),
  z.object({ type: z.literal('url'), url: z.string().min(1) }).loose(),
]);
const image = z.object({ type: z.literal('image'), source: imageSource }).loose();
const toolUse = z.object({ type: z.literal('tool_use'), id: z.string().min(1), name: z.string().min(1), input: jsonObject() }).loose();
const toolResult = z
  .object({
    type: z.literal('tool_result'),
    tool_use_id: z.string().min(1),
    content: z.union([z.string(), parts(z.discriminatedUnion('type', [text, image]))]).optional(),
    is_error: z.boolean().optional(),
  })
  .loose();
// Earlier turns' reasoning, sent back by clients with the conversation: it becomes the assistant
// message's thinking_blocks, which a provider that signs its reasoning (Claude) needs back.
const thinking = z.object({ type: z.literal('thinking'), thinking: z.string(), signature: z.string().optional() }).loose();
const redactedThinking = z.object({ type: z.literal('redacted_thinking'), data: z.string() }).loose();

const userContent = z.union([z.string(), parts(z.discriminatedUnion('type', [text, image, toolResult])).min(1, 'must not be empty')]);
const assistantContent = z.union([z.string(), parts(z.discriminatedUnion('type', [text, toolUse, thinking, redactedThinking]))]);
const systemContent = z.union([z.string(), parts(text)]);

const message = z.discriminatedUnion('role', [
  z.object({ role: z.literal('user'), content: userContent }).loose(),
  z.object({ role: z.literal('assistant'), content: assistantContent }).loose(),
  z.object({ role: z.literal('system'), content: systemContent }).loose(),
]);

const tool = z
  .object({
    type: z
      .string()
      .nullish()
      .refine((type) => type == null || type === 'custom', {
        message: 'only custom tools (name, description, input_schema) can be used through the gateway; server tools such as web search run at Anthropic only',
      }),
    name: z.string().regex(/^[a-zA-Z0-9_-]{1,128}$/, 'must be 1-128 letters, digits, underscores or dashes'),
    description: z.string().optional(),
    input_schema: jsonObject(),
    strict: z.boolean().optional(),
  })
  .loose();

const toolChoice = z.discriminatedUnion('type', [
  z.object({ type: z.literal('auto'), disable_parallel_tool_use: z.boolean().optional() }).loose(),
  z.object({ type: z.literal('any'), disable_parallel_tool_use: z.boolean().optional() }).loose(),
  z.object({ type: z.literal('tool'), name: z.string().min(1), disable_parallel_tool_use: z.boolean().optional() }).loose(),
  z.object({ type: z.literal('none') }).loose(),
]);

const messageList = <Item extends z.ZodType>(item: Item) =>
  z
    .array(item)
    .min(1, 'must contain at least one message')
    .max(requestLimits.messages, `at most ${requestLimits.messages} messages`);

/** What a Messages request and a token count share: everything but the output settings. */
const promptFields = {
  model: z.string().min(1).max(requestLimits.modelLength),
  messages: messageList(message),
  system: systemContent.optional(),
  tools: toolListSchema(tool).optional(),
  tool_choice: toolChoice.optional(),
};

export const messagesRequestSchema = z
  .object({
    ...promptFields,
    max_tokens: z.number().int().min(1),
    stop_sequences: z.array(z.string().min(1)).max(maxStopSequences, `at most ${maxStopSequences} stop sequences`).optional(),
    temperature: z.number().min(0).max(1).optional(),
    top_p: z.number().min(0).max(1).optional(),
    top_k: z.number().int().min(0).optional(),
    metadata: z.object({ user_id: z.string().max(256).nullish() }).loose().optional(),
    // Structured output: the answer follows the JSON schema (OpenAI's `response_format: json_schema`).
    // `effort` (low … max) is how hard the model works, reasoning included.
    output_config: z
      .object({
        format: z.object({ type: z.literal('json_schema'), schema: jsonObject() }).loose().nullish(),
        effort: z.string().min(1).max(maxEffortLength).nullish(),
      })
      .loose()
      .optional(),
    // Extended thinking: `enabled` (with a budget), `adaptive` (the model decides), `disabled`; types
    // the gateway does not know are accepted as the API may add them.
    thinking: z.object({ type: z.string().min(1).max(maxEffortLength), budget_tokens: z.number().int().min(1).optional() }).loose().optional(),
    stream: z.boolean().optional(),
  })
  .loose();

export type MessagesRequest = z.infer<typeof messagesRequestSchema>;

export const messagesRequestInTurns: ListInTurns<typeof messagesRequestSchema> = {
  whole: messagesRequestSchema,
  field: 'messages',
  item: message,
  around: messagesRequestSchema.extend({ messages: messageList(z.unknown()) }),
};

/** `POST /v1/messages/count_tokens`: the prompt alone. */
export const countTokensRequestSchema = z.object(promptFields).loose();

export type CountTokensRequest = z.infer<typeof countTokensRequestSchema>;

export const countTokensRequestInTurns: ListInTurns<typeof countTokensRequestSchema> = {
  whole: countTokensRequestSchema,
  field: 'messages',
  item: message,
  around: countTokensRequestSchema.extend({ messages: messageList(z.unknown()) }),
};
