/**
 * The stored responses of the Responses API, answered by the gateway itself for the key that made
 * them: GET /v1/responses/{id} (the Response), DELETE /v1/responses/{id}, and
 * GET /v1/responses/{id}/input_items (a page of the input items). Another key's response is a 404, the
 * same as one that never existed.
 */
import { invalidRequest } from '../../../../domain/gateway-error.ts';
import { defineEndpoint, type Endpoint } from '../../../endpoint.ts';
import type { Exchange } from '../../../exchange.ts';
import { listInputItems, parseInputItemsQuery, type InputItemsQuery } from './list-input-items.ts';
import type { StoredResponses } from './stored-responses.ts';

export const responsesPrefix = '/v1/responses/';
export const inputItemsSuffix = '/input_items';

/** The response id in `/v1/responses/{id}` or `/v1/responses/{id}/input_items`. */
function responseIdInPath(exchange: Exchange, suffix = ''): string {
  const raw = exchange.path.replace(/\/$/, '').slice(responsesPrefix.length, suffix ? -suffix.length : undefined);
  let id: string;
  try {
    id = decodeURIComponent(raw);
  } catch {
    throw invalidRequest(`The response id in the URL is not valid percent-encoded UTF-8: '${raw}'.`, 'response_id', 'invalid_value');
  }
  if (id === '' || id.length > 64 || id.includes('/')) throw invalidRequest(`Invalid response id: '${raw}'.`, 'response_id', 'invalid_value');
  return id;
}

function searchOf(exchange: Exchange): URLSearchParams {
  const url = exchange.request.url ?? '';
  const start = url.indexOf('?');
  return new URLSearchParams(start < 0 ? '' : url.slice(start + 1));
}

export function retrieveResponseEndpoint(stored: StoredResponses): Endpoint<string> {
  return defineEndpoint<string>({
    name: 'responses/retrieve',
    permission: 'CHAT',
    parse: async (exchange) => {
      if (searchOf(exchange).get('stream') === 'true') {
        throw invalidRequest('Streaming a stored response again is not supported by the gateway; retrieve it without stream.', 'stream', 'unsupported_parameter');
      }
      return responseIdInPath(exchange);
    },
    delivery: () => ({ kind: 'local', answer: async (id, key) => (await stored.find(key.id, id)).response }),
  });
}

export function deleteResponseEndpoint(stored: StoredResponses): Endpoint<string> {
  return defineEndpoint<string>({
    name: 'responses/delete',
    permission: 'CHAT',
    parse: async (exchange) => responseIdInPath(exchange),
    delivery: () => ({
      kind: 'local',
      answer: async (id, key) => {
        await stored.delete(key.id, id);
        return { id, object: 'response.deleted', deleted: true };
      },
    }),
  });
}

export function listInputItemsEndpoint(stored: StoredResponses): Endpoint<{ id: string; query: InputItemsQuery }> {
  return defineEndpoint<{ id: string; query: InputItemsQuery }>({
    name: 'responses/input_items',
    permission: 'CHAT',
    parse: async (exchange) => ({ id: responseIdInPath(exchange, inputItemsSuffix), query: parseInputItemsQuery(searchOf(exchange)) }),
    delivery: () => ({ kind: 'local', answer: async ({ id, query }, key) => listInputItems((await stored.find(key.id, id)).inputItems, query) }),
  });
}
