/**
 * POST /v1/responses: OpenAI's Responses API in front of every chat provider. The request is
 * translated to the canonical chat request and runs the chat path's stages (CHAT permission, routing,
 * admission, settlement, log); the answer is translated back to a Response, a stream as the
 * Responses API's named events. With `previous_response_id`, the stored response's input items and
 * output come before the new input (its instructions do not); unless `store: false`, the finished
 * Response is stored before its last event (or the answer) is sent, so the next turn can name it.
 */
import { estimateUsage } from '../../../../engine/usage/estimate-usage.ts';
import { GatewayError } from '../../../../domain/gateway-error.ts';
import { defineEndpoint, type Endpoint } from '../../../endpoint.ts';
import { readJsonBody } from '../../../http/read-json-body.ts';
import { translatedChatAnswer, translatedChatRoute, translatedChatStream, type TranslatedChatRequest } from '../../translated-chat.ts';
import { chatPrompt } from '../chat-capabilities.ts';
import { parseRequestBodyInTurns } from '../schemas/parse-request-body.ts';
import { outputAsInput, toInputItems, type InputItem } from './input-items.ts';
import type { ResponseObject } from './response-object.ts';
import { ResponsesStreamTranslator } from './responses-stream-translator.ts';
import { responsesRequestInTurns, type ResponsesRequest } from './schemas/responses-request-schema.ts';
import { previousResponseNotFound, type StoredResponses } from './stored-responses.ts';
import { responseShell, toResponseObject } from './to-response-object.ts';
import { toChatRequest } from './to-chat-request.ts';

export interface ResponsesInput extends TranslatedChatRequest<ResponsesRequest> {
  /** The input items the answer is made from: the previous response's, its output, then this request's. */
  inputItems: InputItem[];
  /** The Response as answered: kept for the key when stored. */
  settle(response: ResponseObject): Promise<ResponseObject>;
}

export function responsesEndpoint(stored: StoredResponses): Endpoint<ResponsesInput> {
  const responsesStream = translatedChatStream<ResponsesInput>(
    (route, input) =>
      new ResponsesStreamTranslator({
        providerName: route.provider.name,
        response: responseShell(input.request),
        estimate: (output) => estimateUsage(input.prompt, output, route.providerModel),
        settle: input.settle,
      }),
  );
  const responsesAnswer = translatedChatAnswer<ResponsesInput>((completion, usage, input) => input.settle(toResponseObject(completion, usage, input.request)));

  return defineEndpoint<ResponsesInput>({
    name: 'responses',
    permission: 'CHAT',
    parse: async (exchange, limits, key) => {
      const request = await parseRequestBodyInTurns(responsesRequestInTurns, await readJsonBody(exchange, limits.bodyLimitBytes));
      const inputItems = [...(await earlierTurns(stored, key.id, request.previous_response_id)), ...toInputItems(request.input)];
      const chat = toChatRequest({ ...request, input: inputItems });
      const settle = request.store === false ? async (response: ResponseObject) => response : (response: ResponseObject) => stored.keep(key.id, inputItems, response);
      return { request, chat, prompt: chatPrompt(chat), inputItems, settle };
    },
    route: (input) => translatedChatRoute(input.request.model, input.request.stream, input, input.request.max_output_tokens ?? undefined),
    delivery: (input) => (input.request.stream === true ? responsesStream : responsesAnswer),
  });
}

/** The conversation before `previousId`'s new input: its input items and its output. */
async function earlierTurns(stored: StoredResponses, keyId: string, previousId: string | null | undefined): Promise<InputItem[]> {
  if (!previousId) return [];
  try {
    const previous = await stored.find(keyId, previousId);
    return [...previous.inputItems, ...outputAsInput(previous.response.output)];
  } catch (error) {
    if (error instanceof GatewayError && error.status === 404) throw previousResponseNotFound(previousId);
    throw error;
  }
}
