/** POST /v1/completions (OpenAI's legacy text completions). */
import { ProviderError, type CapabilityName, type Completion, type CompletionRequest } from '@conduit/plugin-api';
import { routeHints } from '../../../engine/routing/plan-routes.ts';
import { estimateUsage } from '../../../engine/usage/estimate-usage.ts';
import { Prompt } from '../../../engine/usage/prompt.ts';
import { answerDelivery, defineEndpoint, eventStreamDelivery } from '../../endpoint.ts';
import { checkAnswer } from '../../http/check-answer.ts';
import { readJsonBody } from '../../http/read-json-body.ts';
import { openAICachePolicy } from './openai-cache-policy.ts';
import { completionRequestSchema } from './schemas/completion-request-schema.ts';
import { parseRequestBody } from './schemas/parse-request-body.ts';

const unsupported = (): ProviderError =>
  new ProviderError({ code: 'unsupported', message: 'This provider does not offer the completions endpoint', retryable: false });

function promptOf(request: CompletionRequest): Prompt {
  const prompt = request.prompt;
  return new Prompt(typeof prompt === 'string' ? [prompt] : Array.isArray(prompt) ? prompt.filter((piece): piece is string => typeof piece === 'string') : []);
}

const completionsStream = eventStreamDelivery<CompletionRequest, Completion>({
  kind: 'event-stream',
  open: (route, request, options) => {
    const client = route.provider.client;
    if (!client.completionsStream) throw unsupported();
    return client.completionsStream({ ...request, model: route.providerModel }, options);
  },
  hasOutput: (chunk) => chunk.usage != null || chunk.choices.some((choice) => !!choice.text || choice.finish_reason !== null),
  outputText: (chunk) => {
    let text = '';
    for (const choice of chunk.choices) text += choice.text ?? '';
    return text;
  },
  outputKeys: ['text'],
  includeUsage: (request) => request.stream_options?.include_usage === true,
});

const completionsAnswer = answerDelivery<CompletionRequest, Completion>({
  kind: 'answer',
  call: async (route, request, options) => {
    const client = route.provider.client;
    if (!client.completions) throw unsupported();
    return checkAnswer(client.completions({ ...request, model: route.providerModel }, options), 'choices', route.provider.name);
  },
  usage: (completion, route, prompt) =>
    completion.usage
      ? { usage: completion.usage, estimated: false }
      : { usage: estimateUsage(prompt, completion.choices.map((choice) => choice.text).join(''), route.providerModel), estimated: true },
});

export const completionsEndpoint = defineEndpoint<CompletionRequest>({
  name: 'completions',
  permission: 'CHAT',
  parse: async (exchange, limits) =>
    parseRequestBody(completionRequestSchema, await readJsonBody(exchange, limits.bodyLimitBytes)) as CompletionRequest,
  route: (request) => {
    const stream = request.stream === true;
    const prompt = promptOf(request);
    const capabilities: CapabilityName[] = stream ? ['completions', 'stream'] : ['completions'];
    const maxOutputTokens = request.max_tokens ?? undefined;
    return { model: request.model, stream, capabilities, estimate: { prompt, maxOutputTokens }, hints: routeHints(prompt, maxOutputTokens) };
  },
  delivery: (request) => (request.stream === true ? completionsStream : completionsAnswer),
  cache: openAICachePolicy,
});
