/**
 * The accepted shape of an OpenAI Responses request (`POST /v1/responses`), as the `openai` SDK sends
 * it: the fields the gateway can translate to a chat request, checked with the same limits as chat
 * completions. The gateway stores responses (`store`, default true) and continues them
 * (`previous_response_id`), but keeps no conversations, files, stored prompts or background runs: those
 * are refused by name, as are hosted tools (web search, file search…), which run at OpenAI only.
 * Unknown fields are accepted and not passed on.
 */
import { z } from 'zod';
import { jsonObject } from '../../schemas/json-records.ts';
import type { ListInTurns } from '../../schemas/parse-request-body.ts';
import { requestLimits } from '../../schemas/request-limits.ts';
import { toolListSchema } from '../../schemas/tool-list-schema.ts';

/** Bounds a setting's name (an effort level, a summary style), which is passed on or echoed, never parsed. */
const maxSettingLength = 32;

const stateless = 'the gateway keeps no conversations, files or prompts: send the conversation in `input` or continue a stored response with `previous_response_id`';

const parts = <Part extends z.ZodType>(part: Part) => z.array(part).max(requestLimits.contentParts, `at most ${requestLimits.contentParts} content parts`);

const inputText = z.object({ type: z.literal('input_text'), text: z.string() }).loose();
const outputText = z.object({ type: z.literal('output_text'), text: z.string() }).loose();
const refusal = z.object({ type: z.literal('refusal'), refusal: z.string() }).loose();
const inputImage = z
  .object({
    type: z.literal('input_image'),
    image_url: z.string().min(1).nullish(),
    file_id: z.string().nullish(),
    detail: z.enum(['auto', 'low', 'high']).nullish(),
  })
  .loose()
  .refine((image) => image.file_id == null, { message: `file ids cannot be used through the gateway (${stateless}); send the image as image_url (a URL or a data URL)`, path: ['file_id'] })
  .refine((image) => image.image_url != null, { message: 'an input_image needs image_url', path: ['image_url'] });

const userContent = z.union([z.string(), parts(z.discriminatedUnion('type', [inputText, inputImage])).min(1, 'must not be empty')]);
const textContent = z.union([z.string(), parts(inputText)]);
const assistantContent = z.union([z.string(), parts(z.discriminatedUnion('type', [outputText, refusal, inputText]))]);

const message = z.discriminatedUnion('role', [
  z.object({ type: z.literal('message'), role: z.literal('user'), content: userContent }).loose(),
  z.object({ type: z.literal('message'), role: z.literal('system'), content: textContent }).loose(),
  z.object({ type: z.literal('message'), role: z.literal('developer'), content: textContent }).loose(),
  z.object({ type: z.literal('message'), role: z.literal('assistant'), content: assistantContent }).loose(),
]);
const functionCall = z
  .object({ type: z.literal('function_call'), call_id: z.string().min(1), name: z.string().min(1), arguments: z.string() })
  .loose();
const functionCallOutput = z
  .object({
    type: z.literal('function_call_output'),
    call_id: z.string().min(1),
    output: z.union([z.string(), parts(z.discriminatedUnion('type', [inputText, inputImage]))]),
  })
  .loose();
// Earlier turns' reasoning, sent back by clients with the conversation; not translated.
const reasoning = z.object({ type: z.literal('reasoning') }).loose();

/**
 * An input item: a message (with or without `type: "message"`), a function call and its output, or
 * reasoning. Chosen by `type` so that a refusal names what is wrong inside the item.
 */
const item = z.preprocess(
  (value) => (value !== null && typeof value === 'object' && !Array.isArray(value) && !('type' in value) && 'role' in value ? { ...value, type: 'message' } : value),
  z.discriminatedUnion('type', [message, functionCall, functionCallOutput, reasoning]),
);

const tool = z
  .object({
    type: z.string().refine((type) => type === 'function', {
      message: 'only function tools can be used through the gateway; hosted tools (web search, file search, code interpreter…) run at OpenAI only',
    }),
    name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, underscores or dashes'),
    description: z.string().nullish(),
    parameters: jsonObject().nullish(),
    strict: z.boolean().nullish(),
  })
  .loose();

const toolChoice = z.union([
  z.enum(['none', 'auto', 'required']),
  z.object({ type: z.literal('function'), name: z.string().min(1) }).loose(),
]);

const format = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text') }).loose(),
  z.object({ type: z.literal('json_object') }).loose(),
  z
    .object({
      type: z.literal('json_schema'),
      name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, underscores or dashes'),
      description: z.string().optional(),
      schema: jsonObject(),
      strict: z.boolean().nullish(),
    })
    .loose(),
]);

const itemList = <Item extends z.ZodType>(entry: Item) =>
  z
    .array(entry)
    .min(1, 'must contain at least one item')
    .max(requestLimits.messages, `at most ${requestLimits.messages} items`);

const refused = (what: string) =>
  z.unknown().refine((value) => value == null, { message: `${what} cannot be used through the gateway; ${stateless}`, params: { code: 'unsupported_parameter' } }).optional();

export const responsesRequestSchema = z
  .object({
    model: z.string().min(1).max(requestLimits.modelLength),
    input: z.union([z.string(), itemList(item)]),
    instructions: z.string().nullish(),
    max_output_tokens: z.number().int().min(16, 'must be at least 16').nullish(),
    temperature: z.number().min(0).max(2).nullish(),
    top_p: z.number().min(0).max(1).nullish(),
    tools: toolListSchema(tool).optional(),
    tool_choice: toolChoice.optional(),
    parallel_tool_calls: z.boolean().nullish(),
    text: z.object({ format: format.optional() }).loose().nullish(),
    metadata: z
      .record(z.string().max(64), z.string().max(512))
      .refine((pairs) => Object.keys(pairs).length <= 16, { message: 'at most 16 key-value pairs' })
      .nullish(),
    user: z.string().max(256).optional(),
    stream: z.boolean().nullish(),
    store: z.boolean().nullish(),
    previous_response_id: z.string().min(1).max(64).nullish(),
    conversation: refused('conversation'),
    prompt: refused('prompt (a stored prompt template)'),
    background: z
      .boolean()
      .nullish()
      .refine((background) => background !== true, { message: `background responses cannot be run through the gateway; ${stateless}`, params: { code: 'unsupported_parameter' } }),
    // `effort` becomes the chat request's `reasoning_effort`. The canonical request has no summary
    // setting: reasoning the provider returns is given as raw text (`reasoning_text`), not summarized.
    reasoning: z
      .object({
        effort: z.string().min(1).max(maxSettingLength).nullish(),
        summary: z.string().min(1).max(maxSettingLength).nullish(),
      })
      .loose()
      .nullish(),
  })
  .loose();

export type ResponsesRequest = z.infer<typeof responsesRequestSchema>;
export type ResponsesInputItem = z.infer<typeof item>;

export const responsesRequestInTurns: ListInTurns<typeof responsesRequestSchema> = {
  whole: responsesRequestSchema,
  field: 'input',
  item,
  around: responsesRequestSchema.extend({ input: z.union([z.string(), itemList(z.unknown())]) }),
};
