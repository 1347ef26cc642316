/**
 * The OpenAI-compatible endpoints under /v1: method, path and declaration. The Responses API's, which
 * keep stored responses, are made by the composition root with their store (responses-endpoints.ts).
 */
import type { Endpoint } from '../../endpoint.ts';
import type { EndpointRoute } from '../../endpoint-route.ts';
import { chatCompletionsEndpoint } from './chat-completions-endpoint.ts';
import { completionsEndpoint } from './completions-endpoint.ts';
import { embeddingsEndpoint } from './embeddings-endpoint.ts';
import { imageEditsEndpoint } from './image-edits-endpoint.ts';
import { imageGenerationsEndpoint } from './image-generations-endpoint.ts';
import { speechEndpoint } from './audio/speech-endpoint.ts';
import { transcriptionsEndpoint, translationsEndpoint } from './audio/transcription-endpoints.ts';
import { moderationsEndpoint } from './moderations-endpoint.ts';
import { listModelsEndpoint, retrieveModelEndpoint } from './models-endpoints.ts';

export type { EndpointRoute };

export const openAIEndpoints: readonly EndpointRoute[] = [
  { method: 'POST', path: '/v1/chat/completions', endpoint: chatCompletionsEndpoint as Endpoint<never> },
  { method: 'POST', path: '/v1/completions', endpoint: completionsEndpoint as Endpoint<never> },
  { method: 'POST', path: '/v1/embeddings', endpoint: embeddingsEndpoint as Endpoint<never> },
  { method: 'POST', path: '/v1/moderations', endpoint: moderationsEndpoint as Endpoint<never> },
  { method: 'POST', path: '/v1/images/generations', endpoint: imageGenerationsEndpoint as Endpoint<never> },
  { method: 'POST', path: '/v1/images/edits', endpoint: imageEditsEndpoint as Endpoint<never> },
  { method: 'POST', path: '/v1/audio/transcriptions', endpoint: transcriptionsEndpoint as Endpoint<never> },
  { method: 'POST', path: '/v1/audio/translations', endpoint: translationsEndpoint as Endpoint<never> },
  { method: 'POST', path: '/v1/audio/speech', endpoint: speechEndpoint as Endpoint<never> },
  { method: 'GET', path: '/v1/models', endpoint: listModelsEndpoint as Endpoint<never> },
  { method: 'GET', path: '/v1/models/', idFollows: true, endpoint: retrieveModelEndpoint as Endpoint<never> },
];
