/**
 * POST /v1/responses: OpenAI's Responses API in front of every chat provider. The request is
 * translated to the canonical chat request and runs the chat path's stages (CHAT permission, routing,
 * admission, settlement, log); the answer is translated back to a Response, a stream as the
 * Responses API's named events.
 */
import type { ChatCompletionRequest } from '@conduit/plugin-api';
import { routeHints } from '../../../../engine/routing/plan-routes.ts';
import { estimateUsage } from '../../../../engine/usage/estimate-usage.ts';
import type { Prompt } from '../../../../engine/usage/prompt.ts';
import { defineEndpoint } from '../../../endpoint.ts';
import { readJsonBody } from '../../../http/read-json-body.ts';
import { translatedChatAnswer, translatedChatStream } from '../../translated-chat.ts';
import { chatCapabilities, chatPrompt } from '../chat-capabilities.ts';
import { parseRequestBodyInTurns } from '../schemas/parse-request-body.ts';
import { ResponsesStreamTranslator } from './responses-stream-translator.ts';
import { responsesRequestInTurns, type ResponsesRequest } from './schemas/responses-request-schema.ts';
import { responseShell, toResponseObject } from './to-response-object.ts';
import { toChatRequest } from './to-chat-request.ts';

export interface ResponsesInput {
  request: ResponsesRequest;
  /** The same request as the providers take it. */
  chat: ChatCompletionRequest;
  prompt: Prompt;
}

const responsesStream = translatedChatStream<ResponsesInput>(
  (route, input) =>
    new ResponsesStreamTranslator({
      providerName: route.provider.name,
      response: responseShell(input.request),
      estimate: (output) => estimateUsage(input.prompt, output, route.providerModel),
    }),
);

const responsesAnswer = translatedChatAnswer<ResponsesInput>((completion, usage, input) => toResponseObject(completion, usage, input.request));

export const responsesEndpoint = defineEndpoint<ResponsesInput>({
  name: 'responses',
  permission: 'CHAT',
  parse: async (exchange, limits) => {
    const request = await parseRequestBodyInTurns(responsesRequestInTurns, await readJsonBody(exchange, limits.bodyLimitBytes));
    const chat = toChatRequest(request);
    return { request, chat, prompt: chatPrompt(chat) };
  },
  route: ({ request, chat, prompt }) => ({
    model: request.model,
    stream: request.stream === true,
    capabilities: chatCapabilities(chat),
    estimate: { prompt, maxOutputTokens: request.max_output_tokens ?? undefined },
    hints: routeHints(prompt, request.max_output_tokens ?? undefined),
  }),
  delivery: (input) => (input.request.stream === true ? responsesStream : responsesAnswer),
});
