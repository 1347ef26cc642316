/** The Responses API's lines of the /v1 table, over the stored responses they share. */
import type { Endpoint } from '../../../endpoint.ts';
import type { EndpointRoute } from '../../../endpoint-route.ts';
import { openAIResponsesIngress } from '../../../ingress/openai-responses-ingress.ts';
import { responsesEndpoint } from './responses-endpoint.ts';
import { deleteResponseEndpoint, inputItemsSuffix, listInputItemsEndpoint, responsesPrefix, retrieveResponseEndpoint } from './stored-response-endpoints.ts';
import type { StoredResponses } from './stored-responses.ts';

export function responsesEndpoints(stored: StoredResponses): EndpointRoute[] {
  return [
    { method: 'POST', path: '/v1/responses', endpoint: responsesEndpoint(stored) as Endpoint<never>, ingress: openAIResponsesIngress },
    { method: 'GET', path: responsesPrefix, idFollows: true, suffix: inputItemsSuffix, endpoint: listInputItemsEndpoint(stored) as Endpoint<never>, ingress: openAIResponsesIngress },
    { method: 'GET', path: responsesPrefix, idFollows: true, endpoint: retrieveResponseEndpoint(stored) as Endpoint<never>, ingress: openAIResponsesIngress },
    { method: 'DELETE', path: responsesPrefix, idFollows: true, endpoint: deleteResponseEndpoint(stored) as Endpoint<never>, ingress: openAIResponsesIngress },
  ];
}
