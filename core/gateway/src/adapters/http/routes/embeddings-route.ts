/** POST /v1/embeddings */
import { ProviderError, type EmbeddingRequest } from '@conduit/plugin-api';
import type { Middleware } from 'koa';
import { abortOnDisconnect } from '../abort-on-disconnect.ts';
import { checkAnswer } from '../check-answer.ts';
import { readJsonBody } from '../read-json-body.ts';
import { startRecord, type RequestState } from '../request-state.ts';
import { setRouteHeaders } from '../route-headers.ts';
import { sendJsonBody } from '../send-json-body.ts';
import { embeddingRequestSchema } from '../schemas/embedding-request-schema.ts';
import { parseRequestBody } from '../schemas/parse-request-body.ts';
import { awaitUpstream } from '../upstream-time.ts';
import { Prompt } from '../../../engine/usage/prompt.ts';
import { callOptions } from './call-options.ts';
import type { RouteDependencies } from './route-dependencies.ts';

export function embeddingsRoute(dependencies: RouteDependencies): Middleware<RequestState> {
  return async function embeddings(ctx) {
    const request = parseRequestBody(embeddingRequestSchema, await readJsonBody(ctx.req, dependencies.bodyLimitBytes)) as EmbeddingRequest;
    const record = startRecord(ctx, 'embeddings', request.model, false);
    const plan = dependencies.router.plan(ctx.state.key!, request.model, ['embeddings']);
    const input = request.input;
    const prompt = new Prompt(typeof input === 'string' ? [input] : Array.isArray(input) ? input.filter((piece): piece is string => typeof piece === 'string') : []);
    await dependencies.admission.admit(ctx, { endpoint: record.endpoint, model: request.model, routes: plan.routes, prompt, maxOutputTokens: 0 });
    const cancellation = abortOnDisconnect(ctx.res);
    const { value: response, route, attempts } = await awaitUpstream(
      ctx,
      dependencies.router.call(plan, cancellation, async (route) => {
        const client = route.provider.client;
        if (!client.embeddings) {
          throw new ProviderError({ code: 'unsupported', message: 'This provider does not offer embeddings', retryable: false });
        }
        const answer = client.embeddings({ ...request, model: route.providerModel }, callOptions(route, cancellation, ctx.state.requestId));
        return checkAnswer(answer, 'data', route.provider.name);
      }),
    );
    record.usage = {
      prompt_tokens: response.usage?.prompt_tokens ?? 0,
      completion_tokens: 0,
      total_tokens: response.usage?.total_tokens ?? response.usage?.prompt_tokens ?? 0,
    };
    setRouteHeaders(ctx.state.head, route, attempts);
    sendJsonBody(ctx, response);
  };
}
