/** POST /v1/chat/completions */
import type { ChatCompletion, ChatCompletionChunk, ChatCompletionRequest } from '@conduit/plugin-api';
import { routeHints } from '../../../engine/routing/plan-routes.ts';
import { estimateUsage } from '../../../engine/usage/estimate-usage.ts';
import { answerDelivery, defineEndpoint, eventStreamDelivery } from '../../endpoint.ts';
import { checkAnswer } from '../../http/check-answer.ts';
import { readJsonBody } from '../../http/read-json-body.ts';
import { openAICachePolicy } from './openai-cache-policy.ts';
import { chatCapabilities, chatPrompt } from './chat-capabilities.ts';
import { chatCompletionRequestInTurns } from './schemas/chat-request-schema.ts';
import { parseRequestBodyInTurns } from './schemas/parse-request-body.ts';

const chatStream = eventStreamDelivery<ChatCompletionRequest, ChatCompletionChunk>({
  kind: 'event-stream',
  open: (route, request, options) => route.provider.client.chatStream({ ...request, model: route.providerModel }, options),
  hasOutput: (chunk) =>
    chunk.usage != null ||
    chunk.choices.some(
      (choice) => !!choice.delta.content || !!choice.delta.tool_calls?.length || !!choice.delta.refusal || choice.finish_reason !== null,
    ),
  outputText: (chunk) => {
    let text = '';
    for (const choice of chunk.choices) {
      if (choice.delta.content) text += choice.delta.content;
      const calls = choice.delta.tool_calls;
      if (calls) for (const call of calls) text += (call.function?.name ?? '') + (call.function?.arguments ?? '');
    }
    return text;
  },
  outputKeys: ['content', 'name', 'arguments'],
  includeUsage: (request) => request.stream_options?.include_usage === true,
});

const chatAnswer = answerDelivery<ChatCompletionRequest, ChatCompletion>({
  kind: 'answer',
  call: (route, request, options) =>
    checkAnswer(route.provider.client.chat({ ...request, model: route.providerModel }, options), 'choices', route.provider.name),
  usage: (completion, route, prompt) =>
    completion.usage
      ? { usage: completion.usage, estimated: false }
      : {
          usage: estimateUsage(prompt, completion.choices.map((choice) => choice.message.content ?? '').join(''), route.providerModel),
          estimated: true,
        },
});

export const chatCompletionsEndpoint = defineEndpoint<ChatCompletionRequest>({
  name: 'chat/completions',
  permission: 'CHAT',
  parse: async (exchange, limits) =>
    parseRequestBodyInTurns(chatCompletionRequestInTurns, await readJsonBody(exchange, limits.bodyLimitBytes)) as ChatCompletionRequest | Promise<ChatCompletionRequest>,
  route: (request) => {
    const prompt = chatPrompt(request);
    const maxOutputTokens = request.max_completion_tokens ?? request.max_tokens ?? undefined;
    return {
      model: request.model,
      stream: request.stream === true,
      capabilities: chatCapabilities(request),
      estimate: { prompt, maxOutputTokens },
      hints: routeHints(prompt, maxOutputTokens),
    };
  },
  delivery: (request) => (request.stream === true ? chatStream : chatAnswer),
  cache: openAICachePolicy,
});
