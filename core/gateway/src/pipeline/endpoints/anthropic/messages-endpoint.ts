/**
 * POST /v1/messages: Anthropic's Messages API in front of every provider. The request is translated
 * to the canonical chat request and runs the chat path's stages (CHAT permission, routing, admission,
 * settlement, log); the answer is translated back, a stream as Anthropic's named events.
 */
import { estimateUsage } from '../../../engine/usage/estimate-usage.ts';
import { defineEndpoint } from '../../endpoint.ts';
import { parseTranslatedChat, translatedChatAnswer, translatedChatRoute, translatedChatStream, type TranslatedChatRequest } from '../translated-chat.ts';
import { AnthropicStreamTranslator } from './anthropic-stream-translator.ts';
import { messagesRequestInTurns, type MessagesRequest } from './schemas/messages-request-schema.ts';
import { toAnthropicMessage } from './to-anthropic-message.ts';
import { toChatRequest } from './to-chat-request.ts';

export type MessagesInput = TranslatedChatRequest<MessagesRequest>;

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
  parse: parseTranslatedChat(messagesRequestInTurns, toChatRequest),
  route: (input) => translatedChatRoute(input.request.model, input.request.stream, input, input.request.max_tokens),
  delivery: (input) => (input.request.stream === true ? messagesStream : messagesAnswer),
});
