/**
 * The parts shared by the ingresses that speak another wire format over the canonical chat request
 * (/v1/messages, /v1/responses): their request is read and made a chat request, routed as a chat
 * completion, the provider called as for chat completions, and its answer, or its stream's chunks,
 * translated to the ingress's format.
 */
import type { ChatCompletion, ChatCompletionChunk, ChatCompletionRequest, Usage } from '@conduit/plugin-api';
import type { z } from 'zod';
import { routeHints } from '../../engine/routing/plan-routes.ts';
import { estimateUsage } from '../../engine/usage/estimate-usage.ts';
import type { Prompt } from '../../engine/usage/prompt.ts';
import type { DeploymentRoute } from '../../engine/state/config-snapshot.ts';
import { answerDelivery, type AnswerUsage, type Delivery, type InputLimits, type RoutedRequest } from '../endpoint.ts';
import type { Exchange } from '../exchange.ts';
import { checkAnswer } from '../http/check-answer.ts';
import { readJsonBody } from '../http/read-json-body.ts';
import { chatCapabilities, chatPrompt } from './openai/chat-capabilities.ts';
import { parseRequestBodyInTurns, type ListInTurns } from './openai/schemas/parse-request-body.ts';

export interface TranslatedChatInput {
  /** The request as the providers take it. */
  chat: ChatCompletionRequest;
  prompt: Prompt;
}

/** An ingress's request and the canonical chat request made from it. */
export interface TranslatedChatRequest<Request> extends TranslatedChatInput {
  request: Request;
}

/** The `parse` of such an ingress: its request read in turns, and the chat request made from it. */
export function parseTranslatedChat<S extends z.ZodType>(
  schema: ListInTurns<S>,
  toChat: (request: z.infer<S>) => ChatCompletionRequest,
): (exchange: Exchange, limits: InputLimits) => Promise<TranslatedChatRequest<z.infer<S>>> {
  return async (exchange, limits) => {
    const request = await parseRequestBodyInTurns(schema, await readJsonBody(exchange, limits.bodyLimitBytes));
    const chat = toChat(request);
    return { request, chat, prompt: chatPrompt(chat) };
  };
}

/** The `route` of such an ingress: as a chat completion, its worst case the prompt and `maxOutputTokens`. */
export function translatedChatRoute(model: string, stream: boolean | null | undefined, { chat, prompt }: TranslatedChatInput, maxOutputTokens: number | undefined): RoutedRequest {
  return { model, stream: stream === true, capabilities: chatCapabilities(chat), estimate: { prompt, maxOutputTokens }, hints: routeHints(prompt, maxOutputTokens) };
}

/** Turns a provider's chat chunks into the ingress's events; its usage is read once they ended. */
export interface ChunkTranslator {
  events(chunks: AsyncIterable<ChatCompletionChunk>): AsyncIterable<object>;
  usage(): AnswerUsage;
}

/** A whole answer: the provider's completion, rendered by `toBody` as the ingress's JSON. */
export function translatedChatAnswer<Input extends TranslatedChatInput>(toBody: (completion: ChatCompletion, usage: Usage, input: Input) => object | Promise<object>): Delivery<Input> {
  return answerDelivery<Input, ChatCompletion>({
    kind: 'answer',
    call: (route, input, options) =>
      checkAnswer(route.provider.client.chat({ ...input.chat, model: route.providerModel }, options), 'choices', route.provider.name),
    usage: (completion, route, prompt) => chatAnswerUsage(completion, prompt, route.providerModel),
    render: async (completion, input) => ({
      contentType: 'application/json; charset=utf-8',
      body: JSON.stringify(await toBody(completion, chatAnswerUsage(completion, input.prompt, completion.model).usage, input)),
    }),
  });
}

/** A stream: the provider's chunks through a translator made for each attempt. */
export function translatedChatStream<Input extends TranslatedChatInput>(translatorFor: (route: DeploymentRoute, input: Input) => ChunkTranslator): Delivery<Input> {
  return {
    kind: 'gateway-events',
    open: async (route, input, options) => {
      const translator = translatorFor(route, input);
      const chunks = route.provider.client.chatStream({ ...input.chat, model: route.providerModel }, options);
      return { events: translator.events(chunks), usage: () => translator.usage() };
    },
  };
}

/** What a stream translator delivered: the usage the provider reported, else an estimate from the text and tool calls sent. */
export class StreamedUsage {
  private reported: Usage | undefined;
  private output = '';

  constructor(private readonly estimate: (output: string) => Usage) {}

  /** A chunk's usage, when it carries one (the last that does counts). */
  report(usage: Usage | null | undefined): void {
    if (usage) this.reported = usage;
  }

  /** Reasoning, text, a tool's name or a piece of its arguments as sent to the client. */
  delivered(output: string): void {
    this.output += output;
  }

  usage(): AnswerUsage {
    return this.reported ? { usage: this.reported, estimated: false } : { usage: this.estimate(this.output), estimated: true };
  }
}

/** The usage of a chat completion answered to another wire format: the provider's, else estimated from the reasoning, text and tool calls. */
export function chatAnswerUsage(completion: ChatCompletion, prompt: Prompt, model: string | undefined): AnswerUsage {
  if (completion.usage) return { usage: completion.usage, estimated: false };
  const message = completion.choices[0]?.message;
  let output = (message?.reasoning_content ?? '') + (message?.content ?? '');
  for (const call of message?.tool_calls ?? []) output += call.function.name + call.function.arguments;
  return { usage: estimateUsage(prompt, output, model), estimated: true };
}
