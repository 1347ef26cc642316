/** The Anthropic-compatible endpoints under /v1: method, path, declaration, and Anthropic's wire format. */
import type { Endpoint } from '../../endpoint.ts';
import type { EndpointRoute } from '../../endpoint-route.ts';
import { anthropicIngress } from '../../ingress/anthropic-ingress.ts';
import { countTokensEndpoint } from './count-tokens-endpoint.ts';
import { messagesEndpoint } from './messages-endpoint.ts';
import { anthropicListModelsEndpoint, anthropicRetrieveModelEndpoint } from './models-endpoints.ts';

/** Anthropic's SDKs send it on every call: the model list answers them in Anthropic's shape. */
const anthropicVersionHeader = 'anthropic-version';

export const anthropicEndpoints: readonly EndpointRoute[] = [
  { method: 'POST', path: '/v1/messages', endpoint: messagesEndpoint as Endpoint<never>, ingress: anthropicIngress },
  { method: 'POST', path: '/v1/messages/count_tokens', endpoint: countTokensEndpoint as Endpoint<never>, ingress: anthropicIngress },
  { method: 'GET', path: '/v1/models', header: anthropicVersionHeader, endpoint: anthropicListModelsEndpoint as Endpoint<never>, ingress: anthropicIngress },
  { method: 'GET', path: '/v1/models/', idFollows: true, header: anthropicVersionHeader, endpoint: anthropicRetrieveModelEndpoint as Endpoint<never>, ingress: anthropicIngress },
];
