/** POST /v1/completions (OpenAI's legacy text completions). */
import type { CapabilityName, Completion, CompletionRequest } from '@conduit/plugin-api';
import type { Middleware } from 'koa';
import { ProviderError } from '@conduit/plugin-api';
import { routeHints } from '../../../engine/routing/plan-routes.ts';
import { estimateUsage } from '../../../engine/usage/estimate-usage.ts';
import { Prompt } from '../../../engine/usage/prompt.ts';
import { abortOnDisconnect } from '../abort-on-disconnect.ts';
import { checkAnswer } from '../check-answer.ts';
import { readJsonBody } from '../read-json-body.ts';
import { relayStream } from '../relay-stream.ts';
import { sendJsonBody } from '../send-json-body.ts';
import { startRecord, type RequestState } from '../request-state.ts';
import { setRouteHeaders } from '../route-headers.ts';
import { completionRequestSchema } from '../schemas/completion-request-schema.ts';
import { parseRequestBody } from '../schemas/parse-request-body.ts';
import { awaitUpstream } from '../upstream-time.ts';
import { callOptions } from './call-options.ts';
import type { RouteDependencies } from './route-dependencies.ts';

const unsupported = (): ProviderError =>
  new ProviderError({ code: 'unsupported', message: 'This provider does not offer the completions endpoint', retryable: false });

function promptOf(request: CompletionRequest): Prompt {
  const prompt = request.prompt;
  return new Prompt(typeof prompt === 'string' ? [prompt] : Array.isArray(prompt) ? prompt.filter((piece): piece is string => typeof piece === 'string') : []);
}

export function completionsRoute(dependencies: RouteDependencies): Middleware<RequestState> {
  return async function completions(ctx) {
    const request = parseRequestBody(completionRequestSchema, await readJsonBody(ctx.req, dependencies.bodyLimitBytes)) as CompletionRequest;
    const stream = request.stream === true;
    const record = startRecord(ctx, 'completions', request.model, stream);
    const prompt = promptOf(request);
    const required: CapabilityName[] = stream ? ['completions', 'stream'] : ['completions'];
    const plan = dependencies.router.plan(ctx.state.key!, request.model, required, routeHints(prompt, request.max_tokens));
    await dependencies.admission.admit(ctx, {
      endpoint: record.endpoint,
      model: request.model,
      routes: plan.routes,
      prompt,
      maxOutputTokens: request.max_tokens ?? undefined,
    });
    const cancellation = abortOnDisconnect(ctx.res);
    const requestId = ctx.state.requestId;

    if (stream) {
      await relayStream<Completion>(ctx, {
        plan,
        router: dependencies.router,
        cancellation,
        open: (route) => {
          const client = route.provider.client;
          if (!client.completionsStream) throw unsupported();
          return client.completionsStream({ ...request, model: route.providerModel }, callOptions(route, cancellation, requestId));
        },
        hasOutput: (chunk) => chunk.usage != null || chunk.choices.some((choice) => !!choice.text || choice.finish_reason !== null),
        outputText: (chunk) => {
          let text = '';
          for (const choice of chunk.choices) text += choice.text ?? '';
          return text;
        },
        outputKeys: ['text'],
        includeUsage: request.stream_options?.include_usage === true,
        prompt,
      });
      return;
    }

    const { value: completion, route, attempts } = await awaitUpstream(
      ctx,
      dependencies.router.call(plan, cancellation, async (route) => {
        const client = route.provider.client;
        if (!client.completions) throw unsupported();
        const answer = client.completions({ ...request, model: route.providerModel }, callOptions(route, cancellation, requestId));
        return checkAnswer(answer, 'choices', route.provider.name);
      }),
    );
    if (completion.usage) {
      record.usage = completion.usage;
    } else {
      record.usage = estimateUsage(prompt, completion.choices.map((choice) => choice.text).join(''), route.providerModel);
      record.usageEstimated = true;
    }
    setRouteHeaders(ctx.state.head, route, attempts);
    sendJsonBody(ctx, completion);
  };
}
