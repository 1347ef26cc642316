/** POST /v1/chat/completions */
import type { ChatCompletionChunk, ChatCompletionRequest } from '@conduit/plugin-api';
import type { Middleware } from 'koa';
import { routeHints } from '../../../engine/routing/plan-routes.ts';
import { estimateUsage } from '../../../engine/usage/estimate-usage.ts';
import { abortOnDisconnect } from '../abort-on-disconnect.ts';
import { checkAnswer } from '../check-answer.ts';
import { readJsonBody } from '../read-json-body.ts';
import { relayStream } from '../relay-stream.ts';
import { sendJsonBody } from '../send-json-body.ts';
import { startRecord, type RequestState } from '../request-state.ts';
import { setRouteHeaders } from '../route-headers.ts';
import { chatCompletionRequestSchema } from '../schemas/chat-request-schema.ts';
import { parseRequestBody } from '../schemas/parse-request-body.ts';
import { awaitUpstream } from '../upstream-time.ts';
import { callOptions } from './call-options.ts';
import { chatCapabilities, chatPrompt } from './chat-capabilities.ts';
import type { RouteDependencies } from './route-dependencies.ts';

export function chatCompletionsRoute(dependencies: RouteDependencies): Middleware<RequestState> {
  return async function chatCompletions(ctx) {
    const request = parseRequestBody(
      chatCompletionRequestSchema,
      await readJsonBody(ctx.req, dependencies.bodyLimitBytes),
    ) as ChatCompletionRequest;
    const stream = request.stream === true;
    const record = startRecord(ctx, 'chat/completions', request.model, stream);
    const prompt = chatPrompt(request);
    const hints = routeHints(prompt, request.max_completion_tokens ?? request.max_tokens);
    const plan = dependencies.router.plan(ctx.state.key!, request.model, chatCapabilities(request), hints);
    await dependencies.admission.admit(ctx, {
      endpoint: record.endpoint,
      model: request.model,
      routes: plan.routes,
      prompt,
      maxOutputTokens: request.max_completion_tokens ?? request.max_tokens ?? undefined,
    });
    const cancellation = abortOnDisconnect(ctx.res);
    const requestId = ctx.state.requestId;

    if (stream) {
      await relayStream<ChatCompletionChunk>(ctx, {
        plan,
        router: dependencies.router,
        cancellation,
        open: (route) => route.provider.client.chatStream({ ...request, model: route.providerModel }, callOptions(route, cancellation, requestId)),
        hasOutput: (chunk) =>
          chunk.usage != null ||
          chunk.choices.some(
            (choice) => !!choice.delta.content || !!choice.delta.tool_calls?.length || !!choice.delta.refusal || choice.finish_reason !== null,
          ),
        outputText: (chunk) => {
          let text = '';
          for (const choice of chunk.choices) {
            if (choice.delta.content) text += choice.delta.content;
            const calls = choice.delta.tool_calls;
            if (calls) for (const call of calls) text += (call.function?.name ?? '') + (call.function?.arguments ?? '');
          }
          return text;
        },
        outputKeys: ['content', 'name', 'arguments'],
        includeUsage: request.stream_options?.include_usage === true,
        prompt,
      });
      return;
    }

    const { value: completion, route, attempts } = await awaitUpstream(
      ctx,
      dependencies.router.call(plan, cancellation, (route) =>
        checkAnswer(
          route.provider.client.chat({ ...request, model: route.providerModel }, callOptions(route, cancellation, requestId)),
          'choices',
          route.provider.name,
        ),
      ),
    );
    if (completion.usage) {
      record.usage = completion.usage;
    } else {
      const output = completion.choices.map((choice) => choice.message.content ?? '').join('');
      record.usage = estimateUsage(prompt, output, route.providerModel);
      record.usageEstimated = true;
    }
    setRouteHeaders(ctx.state.head, route, attempts);
    sendJsonBody(ctx, completion);
  };
}
