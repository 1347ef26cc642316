/**
 * Deliveries of the ingresses that speak another wire format over the canonical chat request
 * (/v1/messages, /v1/responses): the provider is called as for chat completions, and its answer, or
 * its stream's chunks, are translated to the ingress's format.
 */
import type { ChatCompletion, ChatCompletionChunk, ChatCompletionRequest, Usage } from '@conduit/plugin-api';
import { estimateUsage } from '../../engine/usage/estimate-usage.ts';
import type { Prompt } from '../../engine/usage/prompt.ts';
import type { DeploymentRoute } from '../../engine/state/config-snapshot.ts';
import { answerDelivery, type AnswerUsage, type Delivery } from '../endpoint.ts';
import { checkAnswer } from '../http/check-answer.ts';

export interface TranslatedChatInput {
  /** The request as the providers take it. */
  chat: ChatCompletionRequest;
  prompt: Prompt;
}

/** Turns a provider's chat chunks into the ingress's events; its usage is read once they ended. */
export interface ChunkTranslator {
  events(chunks: AsyncIterable<ChatCompletionChunk>): AsyncIterable<object>;
  usage(): AnswerUsage;
}

/** A whole answer: the provider's completion, rendered by `toBody` as the ingress's JSON. */
export function translatedChatAnswer<Input extends TranslatedChatInput>(toBody: (completion: ChatCompletion, usage: Usage, input: Input) => object): Delivery<Input> {
  return answerDelivery<Input, ChatCompletion>({
    kind: 'answer',
    call: (route, input, options) =>
      checkAnswer(route.provider.client.chat({ ...input.chat, model: route.providerModel }, options), 'choices', route.provider.name),
    usage: (completion, route, prompt) => chatAnswerUsage(completion, prompt, route.providerModel),
    render: (completion, input) => ({
      contentType: 'application/json; charset=utf-8',
      body: JSON.stringify(toBody(completion, chatAnswerUsage(completion, input.prompt, completion.model).usage, input)),
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

  /** Text, a tool's name or a piece of its arguments as sent to the client. */
  delivered(output: string): void {
    this.output += output;
  }

  usage(): AnswerUsage {
    return this.reported ? { usage: this.reported, estimated: false } : { usage: this.estimate(this.output), estimated: true };
  }
}

/** The usage of a chat completion answered to another wire format: the provider's, else estimated from the text and tool calls. */
export function chatAnswerUsage(completion: ChatCompletion, prompt: Prompt, model: string | undefined): AnswerUsage {
  if (completion.usage) return { usage: completion.usage, estimated: false };
  const message = completion.choices[0]?.message;
  let output = message?.content ?? '';
  for (const call of message?.tool_calls ?? []) output += call.function.name + call.function.arguments;
  return { usage: estimateUsage(prompt, output, model), estimated: true };
}
