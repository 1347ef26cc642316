/**
 * POST /v1/responses: OpenAI's Responses API in front of every chat provider. The request is
 * translated to the canonical chat request and runs the chat path's stages (CHAT permission, routing,
 * admission, settlement, log); the answer is translated back to a Response, a stream as the
 * Responses API's named events.
 */
import { estimateUsage } from '../../../../engine/usage/estimate-usage.ts';
import { defineEndpoint } from '../../../endpoint.ts';
import { parseTranslatedChat, translatedChatAnswer, translatedChatRoute, translatedChatStream, type TranslatedChatRequest } from '../../translated-chat.ts';
import { ResponsesStreamTranslator } from './responses-stream-translator.ts';
import { responsesRequestInTurns, type ResponsesRequest } from './schemas/responses-request-schema.ts';
import { responseShell, toResponseObject } from './to-response-object.ts';
import { toChatRequest } from './to-chat-request.ts';

export type ResponsesInput = TranslatedChatRequest<ResponsesRequest>;

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
  parse: parseTranslatedChat(responsesRequestInTurns, toChatRequest),
  route: (input) => translatedChatRoute(input.request.model, input.request.stream, input, input.request.max_output_tokens ?? undefined),
  delivery: (input) => (input.request.stream === true ? responsesStream : responsesAnswer),
});
