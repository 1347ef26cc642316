/**
 * GET /v1/models and GET /v1/models/{id} in Anthropic's shape, for requests that carry
 * `anthropic-version` (Anthropic's SDKs send it on every call): `{type: "model", id, display_name,
 * created_at}` objects, the list paged by `limit`, `after_id` and `before_id` with `has_more`,
 * `first_id` and `last_id`.
 */
import { invalidRequest } from '../../../domain/gateway-error.ts';
import { defineEndpoint } from '../../endpoint.ts';
import { defineRetrieveModelEndpoint, usableModels, type UsableModel } from '../usable-models.ts';

interface ModelInfo {
  type: 'model';
  id: string;
  display_name: string;
  created_at: string;
}

interface ModelPageQuery {
  limit: number;
  afterId: string | undefined;
  beforeId: string | undefined;
}

const toModelInfo = (model: UsableModel): ModelInfo => ({ type: 'model', id: model.name, display_name: model.name, created_at: model.createdAt.toISOString().replace('.000Z', 'Z') });

const defaultLimit = 20;
const maxLimit = 1000;

function parsePageQuery(url: string | undefined): ModelPageQuery {
  const query = new URL(url ?? '/', 'http://gateway').searchParams;
  const limitText = query.get('limit');
  const limit = limitText === null ? defaultLimit : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > maxLimit) throw invalidRequest(`limit: must be an integer from 1 to ${maxLimit}, not '${limitText}'.`, 'limit', 'invalid_value');
  const afterId = query.get('after_id') ?? undefined;
  const beforeId = query.get('before_id') ?? undefined;
  if (afterId !== undefined && beforeId !== undefined) throw invalidRequest('after_id and before_id cannot both be given.', 'before_id', 'invalid_value');
  return { limit, afterId, beforeId };
}

export const anthropicListModelsEndpoint = defineEndpoint<ModelPageQuery>({
  name: 'models',
  parse: async (exchange) => parsePageQuery(exchange.request.url),
  delivery: () => ({
    kind: 'local',
    answer: ({ limit, afterId, beforeId }, key, snapshot) => {
      const models = usableModels(key, snapshot).map(toModelInfo);
      // By position in the sorted list, so an id no longer in it (a model since removed) pages from where it would be.
      const firstWhere = (test: (model: ModelInfo) => boolean): number => {
        const at = models.findIndex(test);
        return at === -1 ? models.length : at;
      };
      const start = afterId === undefined ? 0 : firstWhere((model) => model.id > afterId);
      const end = beforeId === undefined ? models.length : firstWhere((model) => model.id >= beforeId);
      const page = beforeId !== undefined ? models.slice(Math.max(start, end - limit), end) : models.slice(start, Math.min(end, start + limit));
      const hasMore = beforeId !== undefined ? end - page.length > start : start + page.length < end;
      return { data: page, has_more: hasMore, first_id: page[0]?.id ?? null, last_id: page.at(-1)?.id ?? null };
    },
  }),
});

export const anthropicRetrieveModelEndpoint = defineRetrieveModelEndpoint(toModelInfo);
