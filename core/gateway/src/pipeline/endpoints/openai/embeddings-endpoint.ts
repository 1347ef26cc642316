/** POST /v1/embeddings */
import { ProviderError, type EmbeddingRequest, type EmbeddingResponse } from '@conduit/plugin-api';
import { Prompt } from '../../../engine/usage/prompt.ts';
import { answerDelivery, defineEndpoint } from '../../endpoint.ts';
import { checkAnswer } from '../../http/check-answer.ts';
import { readJsonBody } from '../../http/read-json-body.ts';
import { openAICachePolicy } from './openai-cache-policy.ts';
import { embeddingRequestSchema } from './schemas/embedding-request-schema.ts';
import { parseRequestBody } from './schemas/parse-request-body.ts';

const embeddingsAnswer = answerDelivery<EmbeddingRequest, EmbeddingResponse>({
  kind: 'answer',
  call: async (route, request, options) => {
    const client = route.provider.client;
    if (!client.embeddings) {
      throw new ProviderError({ code: 'unsupported', message: 'This provider does not offer embeddings', retryable: false });
    }
    return checkAnswer(client.embeddings({ ...request, model: route.providerModel }, options), 'data', route.provider.name);
  },
  usage: (response) => ({
    usage: {
      prompt_tokens: response.usage?.prompt_tokens ?? 0,
      completion_tokens: 0,
      total_tokens: response.usage?.total_tokens ?? response.usage?.prompt_tokens ?? 0,
    },
    estimated: false,
  }),
});

export const embeddingsEndpoint = defineEndpoint<EmbeddingRequest>({
  name: 'embeddings',
  permission: 'EMBEDDINGS',
  parse: async (exchange, limits) =>
    parseRequestBody(embeddingRequestSchema, await readJsonBody(exchange, limits.bodyLimitBytes)) as EmbeddingRequest,
  route: (request) => {
    const input = request.input;
    const prompt = new Prompt(typeof input === 'string' ? [input] : Array.isArray(input) ? input.filter((piece): piece is string => typeof piece === 'string') : []);
    return { model: request.model, stream: false, capabilities: ['embeddings'], estimate: { prompt, maxOutputTokens: 0 } };
  },
  delivery: () => embeddingsAnswer,
  cache: openAICachePolicy,
});
