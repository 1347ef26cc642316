/**
 * POST /v1/images/generations. The provider's ImagesResponse is relayed as it came (its JSON text
 * when the plugin kept it: a b64_json answer of megabytes is not serialised again). Billed by the
 * tokens the answer reports where the model has token prices (GPT image models), else per image
 * returned (see compute-cost.ts); the admission reserves `n` images at the dearest candidate's price.
 */
import { ProviderError, type ImagesResponse } from '@conduit/plugin-api';
import { Prompt } from '../../../engine/usage/prompt.ts';
import { answerDelivery, defineEndpoint } from '../../endpoint.ts';
import { checkAnswer } from '../../http/check-answer.ts';
import { readJsonBody } from '../../http/read-json-body.ts';
import { imagesUsage } from './images-usage.ts';
import { defaultImageModel, imageRequestSchema, type ImageRequest } from './schemas/image-request-schema.ts';
import { parseRequestBody } from './schemas/parse-request-body.ts';

const imagesAnswer = answerDelivery<ImageRequest, ImagesResponse>({
  kind: 'answer',
  call: async (route, request, options) => {
    const client = route.provider.client;
    if (!client.images) {
      throw new ProviderError({ code: 'unsupported', message: 'This provider does not offer image generation', retryable: false });
    }
    return checkAnswer(client.images({ ...request, model: route.providerModel }, options), 'data', route.provider.name);
  },
  usage: imagesUsage,
});

export const imageGenerationsEndpoint = defineEndpoint<ImageRequest>({
  name: 'images/generations',
  permission: 'IMAGES',
  parse: async (exchange, limits) => {
    const request = parseRequestBody(imageRequestSchema, await readJsonBody(exchange, limits.bodyLimitBytes));
    request.model ??= defaultImageModel;
    return request;
  },
  route: (request) => ({
    model: request.model ?? defaultImageModel,
    stream: false,
    capabilities: ['images'],
    estimate: { prompt: new Prompt([request.prompt]), maxOutputTokens: undefined, images: request.n ?? 1 },
  }),
  delivery: () => imagesAnswer,
});
