/**
 * POST /v1/moderations. The answer is relayed as the provider gave it. OpenAI reports no usage for
 * moderations (they are free there): the gateway records the input's text tokens it counted itself,
 * marked estimated, and bills them only where a price for the model says so.
 */
import { ProviderError, type ModerationRequest, type ModerationResponse } from '@conduit/plugin-api';
import { estimateUsage } from '../../../engine/usage/estimate-usage.ts';
import { Prompt } from '../../../engine/usage/prompt.ts';
import { answerDelivery, defineEndpoint } from '../../endpoint.ts';
import { checkAnswer } from '../../http/check-answer.ts';
import { readJsonBody } from '../../http/read-json-body.ts';
import { openAICachePolicy } from './openai-cache-policy.ts';
import { defaultModerationModel, moderationRequestSchema } from './schemas/moderation-request-schema.ts';
import { parseRequestBody } from './schemas/parse-request-body.ts';

const moderationsAnswer = answerDelivery<ModerationRequest, ModerationResponse>({
  kind: 'answer',
  call: async (route, request, options) => {
    const client = route.provider.client;
    if (!client.moderations) {
      throw new ProviderError({ code: 'unsupported', message: 'This provider does not offer moderations', retryable: false });
    }
    return checkAnswer(client.moderations({ ...request, model: route.providerModel }, options), 'results', route.provider.name);
  },
  usage: (_answer, route, prompt) => ({ usage: estimateUsage(prompt, '', route.providerModel), estimated: true }),
});

/** The input's texts, and its images as media (reserved as an allowance, not counted as text). */
function promptOf(input: ModerationRequest['input']): Prompt {
  if (typeof input === 'string') return new Prompt([input]);
  const texts: string[] = [];
  let images = 0;
  for (const item of input) {
    if (typeof item === 'string') texts.push(item);
    else if (item.type === 'text') texts.push(item.text);
    else images++;
  }
  return new Prompt(texts, images > 0 ? { images, audioSeconds: 0 } : undefined);
}

export const moderationsEndpoint = defineEndpoint<ModerationRequest>({
  name: 'moderations',
  permission: 'MODERATIONS',
  parse: async (exchange, limits) => {
    const request = parseRequestBody(moderationRequestSchema, await readJsonBody(exchange, limits.bodyLimitBytes)) as ModerationRequest;
    request.model ??= defaultModerationModel;
    return request;
  },
  route: (request) => ({
    model: request.model,
    stream: false,
    capabilities: ['moderations'],
    estimate: { prompt: promptOf(request.input), maxOutputTokens: 0 },
  }),
  delivery: () => moderationsAnswer,
  cache: openAICachePolicy,
});
