/**
 * POST /v1/messages: Anthropic's Messages API in front of every provider. The request is translated
 * to the canonical chat request and runs the chat path's stages (CHAT permission, routing, admission,
 * settlement, log); the answer is translated back, a stream as Anthropic's named events.
 */
import type { ChatCompletion, ChatCompletionRequest } from '@conduit/plugin-api';
import { routeHints } from '../../../engine/routing/plan-routes.ts';
import { estimateUsage } from '../../../engine/usage/estimate-usage.ts';
import type { Prompt } from '../../../engine/usage/prompt.ts';
import { answerDelivery, defineEndpoint, type Delivery } from '../../endpoint.ts';
import { checkAnswer } from '../../http/check-answer.ts';
import { readJsonBody } from '../../http/read-json-body.ts';
import { chatAnswerUsage } from '../chat-answer-usage.ts';
import { chatCapabilities, chatPrompt } from '../openai/chat-capabilities.ts';
import { parseRequestBodyInTurns } from '../openai/schemas/parse-request-body.ts';
import { AnthropicStreamTranslator } from './anthropic-stream-translator.ts';
import { messagesRequestInTurns, type MessagesRequest } from './schemas/messages-request-schema.ts';
import { toAnthropicMessage } from './to-anthropic-message.ts';
import { toChatRequest } from './to-chat-request.ts';

export interface MessagesInput {
  request: MessagesRequest;
  /** The same request as the providers take it. */
  chat: ChatCompletionRequest;
  prompt: Prompt;
}

const messagesStream: Delivery<MessagesInput> = {
  kind: 'gateway-events',
  open: async (route, input, options) => {
    // Counted (a slice per turn) while the provider thinks: message_start is sent with it.
    const inputTokens = input.prompt.countTokens(route.providerModel);
    const translator = new AnthropicStreamTranslator({
      providerName: route.provider.name,
      requestedModel: input.request.model,
      inputTokens: () => inputTokens,
      estimate: (output) => estimateUsage(input.prompt, output, route.providerModel),
    });
    const chunks = route.provider.client.chatStream({ ...input.chat, model: route.providerModel }, options);
    return { events: translator.events(chunks), usage: () => translator.usage() };
  },
};

const messagesAnswer = answerDelivery<MessagesInput, ChatCompletion>({
  kind: 'answer',
  call: (route, input, options) =>
    checkAnswer(route.provider.client.chat({ ...input.chat, model: route.providerModel }, options), 'choices', route.provider.name),
  usage: (completion, route, prompt) => chatAnswerUsage(completion, prompt, route.providerModel),
  render: (completion, input) => ({
    contentType: 'application/json; charset=utf-8',
    body: JSON.stringify(toAnthropicMessage(completion, chatAnswerUsage(completion, input.prompt, completion.model).usage, input.request.model)),
  }),
});

export const messagesEndpoint = defineEndpoint<MessagesInput>({
  name: 'messages',
  permission: 'CHAT',
  parse: async (exchange, limits) => {
    const request = await parseRequestBodyInTurns(messagesRequestInTurns, await readJsonBody(exchange, limits.bodyLimitBytes));
    const chat = toChatRequest(request);
    return { request, chat, prompt: chatPrompt(chat) };
  },
  route: ({ request, chat, prompt }) => ({
    model: request.model,
    stream: request.stream === true,
    capabilities: chatCapabilities(chat),
    estimate: { prompt, maxOutputTokens: request.max_tokens },
    hints: routeHints(prompt, request.max_tokens),
  }),
  delivery: (input) => (input.request.stream === true ? messagesStream : messagesAnswer),
});
