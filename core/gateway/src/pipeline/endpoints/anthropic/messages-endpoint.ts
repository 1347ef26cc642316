/**
 * POST /v1/messages: Anthropic's Messages API in front of every provider. The request is translated
 * to the canonical chat request and runs the chat path's stages (CHAT permission, routing, admission,
 * settlement, log); the answer is translated back, a stream as Anthropic's named events.
 */
import type { ChatCompletionRequest } from '@conduit/plugin-api';
import { routeHints } from '../../../engine/routing/plan-routes.ts';
import { estimateUsage } from '../../../engine/usage/estimate-usage.ts';
import type { Prompt } from '../../../engine/usage/prompt.ts';
import { defineEndpoint } from '../../endpoint.ts';
import { readJsonBody } from '../../http/read-json-body.ts';
import { translatedChatAnswer, translatedChatStream } from '../translated-chat.ts';
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

const messagesStream = translatedChatStream<MessagesInput>((route, input) => {
  // Counted (a slice per turn) while the provider thinks: message_start is sent with it.
  const inputTokens = input.prompt.countTokens(route.providerModel);
  return new AnthropicStreamTranslator({
    providerName: route.provider.name,
    requestedModel: input.request.model,
    inputTokens: () => inputTokens,
    estimate: (output) => estimateUsage(input.prompt, output, route.providerModel),
  });
});

const messagesAnswer = translatedChatAnswer<MessagesInput>((completion, usage, input) => toAnthropicMessage(completion, usage, input.request.model));

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
